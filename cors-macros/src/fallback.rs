//! What the macros emit on error: the errors, plus a stand-in that keeps secondary errors away.
//!
//! For `#[cors]`, the user's item unchanged: the routing attribute below stays, so actix-web
//! still makes the handler a service and the user sees the CORS mistakes and nothing else (no
//! "`HttpServiceFactory` is not implemented"). For `strict_cors::policy!`, a policy that allows
//! nothing, so the `static` it initializes still has its type.

use proc_macro2::TokenStream;

pub(crate) fn item(input: TokenStream, errors: &syn::Error) -> TokenStream {
    let mut output = errors.to_compile_error();
    output.extend(input);
    output
}

pub(crate) fn policy(errors: &syn::Error, stand_in: &TokenStream) -> TokenStream {
    let errors = errors.to_compile_error();
    quote::quote!({ #errors #stand_in })
}
