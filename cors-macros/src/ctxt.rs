//! Collects every error before failing, so that one compile reports them all.

use std::fmt::Display;

use proc_macro2::Span;

#[derive(Default)]
pub(crate) struct Ctxt {
    errors: Option<syn::Error>,
}

impl Ctxt {
    pub(crate) fn error(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(error),
            None => self.errors = Some(error),
        }
    }

    /// Adds `error` and returns everything collected, for an early return.
    pub(crate) fn fail(mut self, error: syn::Error) -> syn::Error {
        self.push(error);
        self.errors.unwrap_or_else(|| syn::Error::new(proc_macro2::Span::call_site(), "cors: unknown error"))
    }

    pub(crate) fn check(self) -> syn::Result<()> {
        self.errors.map_or(Ok(()), Err)
    }
}
