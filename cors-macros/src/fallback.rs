//! What `#[cors]` emits when the policy is wrong: the errors, and the user's item unchanged.
//!
//! The routing attribute below stays, so actix-web still makes the handler a service: the user
//! sees the CORS mistakes and nothing else (no "`HttpServiceFactory` is not implemented").

use proc_macro2::TokenStream;

pub(crate) fn expand(input: TokenStream, errors: &syn::Error) -> TokenStream {
    let mut output = errors.to_compile_error();
    output.extend(input);
    output
}
