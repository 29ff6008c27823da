//! `#[cors]` = parse → validate → generate.
//!
//! The user's routing attribute stays and actix-web's own macro still builds the route; `#[cors]`
//! adds the CORS middleware as the route's outermost `wrap`, and wraps the whole in a service of
//! the same name that registers the preflight resource for the path first:
//!
//! ```text
//! pub struct create_order;
//! impl HttpServiceFactory for create_order {
//!     fn register(self, config: &mut AppService) {
//!         static __CORS_POLICY: Policy = /* validated, every header value computed */;
//!         #[post("/orders", wrap = "RouteCors::new(&__CORS_POLICY)")]
//!         async fn create_order() -> impl Responder { .. }
//!         register(preflight_resource("/orders", &__CORS_POLICY), config);
//!         register(create_order, config);
//!     }
//! }
//! ```

use cors_runtime::{Policy, Str, Strs};
use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{Attribute, ItemFn, Meta, parse_quote};

use crate::ast::Args;
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::route::{self, Found, Route};
use crate::valid;

pub(crate) fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    match try_expand(args, input.clone()) {
        Ok(output) => output,
        Err(errors) => fallback::expand(input, &errors),
    }
}

fn try_expand(args: TokenStream, input: TokenStream) -> syn::Result<TokenStream> {
    let item: ItemFn = syn::parse2(input.clone()).map_err(|_| {
        syn::Error::new(
            Span::call_site(),
            "`#[cors]` goes on an actix-web handler fn, above its routing attribute",
        )
    })?;
    let mut cx = Ctxt::default();
    let args = Args::parse(args, &mut cx);
    let route = match route::find(&item) {
        Found::Route(route) => route,
        // actix-web reports its own attribute's mistakes; the input goes to it unchanged.
        Found::Malformed => return cx.check().map(|()| input),
        Found::Missing => {
            cx.push(route::missing(Span::call_site()));
            return Err(cx.check().unwrap_err());
        }
        Found::Error(e) => {
            cx.push(e);
            return Err(cx.check().unwrap_err());
        }
    };
    let policy = valid::check(&args, &route, &mut cx);
    cx.check()?;
    let krate = args.krate.unwrap_or_else(|| parse_quote!(::cors));
    Ok(generate(item, &route, policy.as_ref(), &krate))
}

fn generate(mut item: ItemFn, route: &Route, policy: Option<&Policy>, krate: &syn::Path) -> TokenStream {
    let name = item.sig.ident.clone();
    let docs: Vec<&Attribute> = item.attrs.iter().filter(|a| a.path().is_ident("doc")).collect();
    let docs = quote!(#(#docs)*);
    let private = quote!(#krate::__private);
    let path = &route.path;
    let policy = policy.map(|p| policy_tokens(p, &private));
    add_wrap(&mut item.attrs[route.index], &quote!(#private::RouteCors::new(&__CORS_POLICY)));
    quote! {
        #docs
        #[allow(non_camel_case_types, missing_docs)]
        pub struct #name;

        #[automatically_derived]
        impl #private::HttpServiceFactory for #name {
            fn register(self, __config: &mut #private::AppService) {
                static __CORS_POLICY: #private::Policy = #policy;
                #item
                #private::HttpServiceFactory::register(#private::preflight_resource(#path, &__CORS_POLICY), __config);
                #private::HttpServiceFactory::register(#name, __config);
            }
        }
    }
}

/// Appends `wrap = "<middleware>"` to the routing attribute: the last `wrap` is the outermost,
/// so the user's own middleware runs inside CORS and its error responses get the headers too.
fn add_wrap(attr: &mut Attribute, middleware: &TokenStream) {
    if let Meta::List(list) = &mut attr.meta {
        let wrap = middleware.to_string();
        let tokens = &list.tokens;
        let separator = if tokens.to_string().trim_end().ends_with(',') { quote!() } else { quote!(,) };
        list.tokens = quote!(#tokens #separator wrap = #wrap);
    }
}

fn policy_tokens(policy: &Policy, private: &TokenStream) -> TokenStream {
    let p = policy.parts();
    let str = |s: &Str| {
        let s: &str = s;
        quote!(#private::Cow::Borrowed(#s))
    };
    let strs = |list: &Strs| {
        let items = list.iter().map(str);
        quote!(#private::Cow::Borrowed(&[#(#items),*]))
    };
    let option = |value: &Option<Str>| match value {
        Some(s) => {
            let s = str(s);
            quote!(::core::option::Option::Some(#s))
        }
        None => quote!(::core::option::Option::None),
    };
    let (any_origin, credentials, private_network, any_header) =
        (p.any_origin, p.credentials, p.private_network, p.any_header);
    let (origins, regexes, methods, allow_headers) =
        (strs(&p.origins), strs(&p.regexes), strs(&p.methods), strs(&p.allow_headers));
    let (allow_methods_value, allow_headers_value) =
        (option(&p.allow_methods_value), option(&p.allow_headers_value));
    let (expose_headers_value, max_age_value) = (option(&p.expose_headers_value), option(&p.max_age_value));
    let parts = quote! {
        #private::PolicyParts {
            any_origin: #any_origin,
            origins: #origins,
            regexes: #regexes,
            credentials: #credentials,
            private_network: #private_network,
            methods: #methods,
            any_header: #any_header,
            allow_headers: #allow_headers,
            allow_methods_value: #allow_methods_value,
            allow_headers_value: #allow_headers_value,
            expose_headers_value: #expose_headers_value,
            max_age_value: #max_age_value,
        }
    };
    quote!(#private::Policy::from_parts(#parts)).into_token_stream()
}
