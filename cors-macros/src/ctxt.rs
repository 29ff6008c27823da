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

    /// Whether no error was collected.
    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_none()
    }

    /// Adds `error` and returns everything collected, for an early return.
    pub(crate) fn fail(self, error: syn::Error) -> syn::Error {
        match self.errors {
            Some(mut errors) => {
                errors.combine(error);
                errors
            }
            None => error,
        }
    }

    /// `value`, or every error collected.
    pub(crate) fn finish<T>(self, value: T) -> syn::Result<T> {
        self.errors.map_or(Ok(value), Err)
    }

    pub(crate) fn check(self) -> syn::Result<()> {
        self.finish(())
    }
}
