//! The `#[cors(...)]` attribute of the [`strict-cors`](https://docs.rs/strict-cors) crate.
//!
//! Parse (`ast.rs`, `route.rs`) → check with `cors_runtime`'s validator, the only place where
//! CORS rules live (`valid.rs`) → generate the route and its preflight (`expand.rs`); on error,
//! the user's item unchanged beside the errors (`fallback.rs`).
//!
//! Use it through the `strict-cors` crate, which documents it.

mod ast;
mod ctxt;
mod expand;
mod fallback;
mod handler;
mod route;
mod valid;

use proc_macro::TokenStream;

/// Attaches a CORS policy to an actix-web handler; see the `strict-cors` crate.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::cors(args.into(), input.into()).into()
}

/// A named CORS policy, checked at compile time; see the `strict-cors` crate.
#[proc_macro]
pub fn policy(input: TokenStream) -> TokenStream {
    expand::policy(input.into()).into()
}
