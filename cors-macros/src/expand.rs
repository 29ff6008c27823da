//! `#[cors]` and `strict_cors::policy!` = parse → validate → generate.
//!
//! The user's routing attribute stays and actix-web's own macro still builds the route; `#[cors]`
//! adds the CORS middleware as the route's outermost `wrap`, and wraps the whole in a service of
//! the same name that also registers the preflight service for the path (after the route, so
//! that actual requests never try it; before, if the route itself serves `OPTIONS`), and names
//! the route's resource (unless the user did) so that `Layer` can tell it is reached:
//!
//! ```text
//! pub struct create_order;
//! const _: () = {
//!     use ::strict_cors::__private_0_1 as __strict_cors; // the one use of `crate = ".."`
//!     impl HttpServiceFactory for create_order {
//!         fn register(self, config: &mut AppService) {
//!             static __CORS_POLICY: Policy = /* validated, every header value computed */;
//!             #[post("/orders", name = "__strict_cors:create_order:/orders",
//!                    wrap = "RouteCors::new(source(&__CORS_POLICY), &[\"POST\"])")]
//!             async fn create_order() -> impl Responder { .. }
//!             register(create_order, config);
//!             register_route(config, "create_order", "__strict_cors:create_order:/orders",
//!                            "/orders", &["POST"], source(&__CORS_POLICY), Vec::from([/* `guard`s */]));
//!         }
//!     }
//! };
//! ```
//!
//! With `policy = NAME`, the same, with `NAME` in place of the inline `static`.

use cors_runtime::__private::{PolicyParts, Str, Strs, parts};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Meta, parse_quote};

use crate::ast::{Args, Site};
use crate::ctxt::Ctxt;
use crate::fallback;
use crate::handler::Handler;
use crate::route::{self, Found, Route};
use crate::valid;

/// `#[cors(...)]`.
pub(crate) fn cors(args: TokenStream, input: TokenStream) -> TokenStream {
    match try_expand(args, input.clone()) {
        Ok(output) => output,
        Err(errors) => fallback::item(input, &errors),
    }
}

/// `strict_cors::policy!(...)`: an expression of type `strict_cors::Policy`, usable in a `static`.
pub(crate) fn policy(args: TokenStream) -> TokenStream {
    let mut cx = Ctxt::default();
    let args = Args::parse(args, Site::PolicyMacro, &mut cx);
    let (import, private) = (import_private(&args), quote!(__strict_cors));
    let tokens = |parts: &PolicyParts| {
        let policy = policy_tokens(parts, &private);
        quote!({ #import #policy })
    };
    match valid::check(&args, None, cx) {
        Ok(policy) => tokens(parts(&policy)),
        Err(errors) => fallback::policy(&errors, &tokens(&PolicyParts::deny_all())),
    }
}

/// Brings in what generated code reaches through `crate = ".."` (`::strict_cors` unless the user
/// renamed it) once, as `__strict_cors`: a wrong path is one error, on the user's string.
fn import_private(args: &Args) -> TokenStream {
    let krate: syn::Path = args.krate.clone().unwrap_or_else(|| parse_quote!(::strict_cors));
    quote!(use #krate::__private_0_1 as __strict_cors;)
}

fn try_expand(args: TokenStream, input: TokenStream) -> syn::Result<TokenStream> {
    let item: Handler = syn::parse2(input.clone()).map_err(|_| {
        syn::Error::new(
            Span::call_site(),
            "`#[cors]` goes on an actix-web handler fn, above its routing attribute",
        )
    })?;
    let mut cx = Ctxt::default();
    let args = Args::parse(args, Site::Attribute, &mut cx);
    let route = match route::find(&item) {
        Found::Route(route) => route,
        // actix-web reports its own attribute's mistakes; the input goes to it unchanged.
        Found::Malformed => return argument_errors(&args, cx).map(|()| input),
        // On the fn's name, a token of the user's: rustc adds no note of its own to the error.
        Found::Missing => return Err(with_argument_errors(route::missing(item.sig.ident.span()), &args, cx)),
        Found::Error(e) => return Err(with_argument_errors(e, &args, cx)),
        Found::ExtraAttribute(e, at) => {
            let errors = with_argument_errors(e, &args, cx).to_compile_error();
            let mut item = item;
            item.attrs.remove(at);
            return Ok(quote!(#errors #item));
        }
    };
    let (import, private) = (import_private(&args), quote!(__strict_cors));
    let policy = match &args.policy {
        Some(name) => {
            cx.check()?;
            // Read once, spanned on the user's path: a wrong type is one error, pointing at it.
            let named = quote_spanned!(name.span()=> #private::source(&#name));
            PolicySource {
                reference: quote!(__cors_source()),
                definition: quote!(fn __cors_source() -> #private::Source { #named }),
            }
        }
        None => {
            let policy = valid::check(&args, Some(&route), cx)?;
            let parts = policy_tokens(parts(&policy), &private);
            PolicySource {
                reference: quote!(#private::source(&__CORS_POLICY)),
                definition: quote!(static __CORS_POLICY: #private::Policy = #parts;),
            }
        }
    };
    Ok(generate(item, &route, &policy, &import, &private))
}

/// Every mistake in the arguments, where the routing attribute keeps the policy from being
/// built: those in `cx`, and what the rules that need no route say.
fn argument_errors(args: &Args, cx: Ctxt) -> syn::Result<()> {
    if args.policy.is_some() { cx.check() } else { valid::check(args, None, cx).map(drop) }
}

/// The error `placement` (about where `#[cors]` or the routing attribute is), with every
/// mistake in the arguments after it.
fn with_argument_errors(mut placement: syn::Error, args: &Args, cx: Ctxt) -> syn::Error {
    if let Err(arguments) = argument_errors(args, cx) {
        placement.combine(arguments);
    }
    placement
}

/// How generated code gets the route's policy (an expression of type `Source`), and what
/// defines or checks it.
struct PolicySource {
    reference: TokenStream,
    definition: TokenStream,
}

fn generate(
    mut item: Handler,
    route: &Route,
    policy: &PolicySource,
    import: &TokenStream,
    private: &TokenStream,
) -> TokenStream {
    let name = item.sig.ident.clone();
    let docs: Vec<&Attribute> = item.attrs.iter().filter(|a| a.path().is_ident("doc")).collect();
    let docs = quote!(#(#docs)*);
    let (reference, definition) = (&policy.reference, &policy.definition);
    let path = &route.path;
    let methods = &route.methods;
    let handler = name.to_string();
    // The route's resource carries a name, the user's or ours: `Layer` finds the route by the
    // name of the first resource on a request's path.
    let route_name = match &route.name {
        Some(named) => named.value(),
        None => {
            let ours = format!("__strict_cors:{handler}:{}", path.value());
            add_option(&mut item.attrs[route.index], &quote!(name = #ours));
            ours
        }
    };
    let served = quote!(&[#(#methods),*]);
    add_option(&mut item.attrs[route.index], &wrap(&quote!(#private::RouteCors::new(#reference, #served))));
    // The route's own guards, which choose among the routes on its path for a preflight too.
    let guards = route.guards.iter().map(|guard| {
        quote_spanned!(guard.span()=> #private::Box::new(#private::fn_guard(#guard)) as #private::Box<dyn #private::Guard>)
    });
    let guards = quote!(#private::Vec::from([#(#guards),*]));
    let preflight = quote!(
        #private::register_route(__config, #handler, #route_name, #path, #served, #reference, #guards);
    );
    let route_itself = quote!(#private::HttpServiceFactory::register(#name, __config););
    // Actual requests find their route first and never try the preflight service; only a
    // route that serves `OPTIONS` itself must come after it.
    let (first, second) = if route.methods.iter().any(|m| m == "OPTIONS") {
        (preflight, route_itself)
    } else {
        (route_itself, preflight)
    };
    quote! {
        #docs
        #[allow(non_camel_case_types, missing_docs)]
        pub struct #name;

        const _: () = {
            #import

            #[automatically_derived]
            impl #private::HttpServiceFactory for #name {
                fn register(self, __config: &mut #private::AppService) {
                    #definition
                    #item
                    #first
                    #second
                }
            }
        };
    }
}

/// `wrap = "<middleware>"`: the last `wrap` is the outermost, so the user's own middleware runs
/// inside CORS and its error responses get the headers too.
fn wrap(middleware: &TokenStream) -> TokenStream {
    let wrap = middleware.to_string();
    quote!(wrap = #wrap)
}

/// Appends an option (`key = value`) to the routing attribute's arguments.
fn add_option(attr: &mut Attribute, option: &TokenStream) {
    if let Meta::List(list) = &mut attr.meta {
        let tokens = &list.tokens;
        let separator = if tokens.to_string().trim_end().ends_with(',') { quote!() } else { quote!(,) };
        list.tokens = quote!(#tokens #separator #option);
    }
}

/// `policy(PolicyParts { .. })`, every string a `&'static str`.
fn policy_tokens(p: &PolicyParts, private: &TokenStream) -> TokenStream {
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
    let (any_origin, credentials, private_network, any_method, any_header) =
        (p.any_origin, p.credentials, p.private_network, p.any_method, p.any_header);
    let (origins, regexes, methods, allow_headers) =
        (strs(&p.origins), strs(&p.regexes), strs(&p.methods), strs(&p.allow_headers));
    let (allow_methods_value, allow_headers_value) =
        (option(&p.allow_methods_value), option(&p.allow_headers_value));
    let (expose_headers_value, max_age_value) = (option(&p.expose_headers_value), option(&p.max_age_value));
    quote! {
        #private::policy(#private::PolicyParts {
            any_origin: #any_origin,
            origins: #origins,
            regexes: #regexes,
            credentials: #credentials,
            private_network: #private_network,
            any_method: #any_method,
            methods: #methods,
            any_header: #any_header,
            allow_headers: #allow_headers,
            allow_methods_value: #allow_methods_value,
            allow_headers_value: #allow_headers_value,
            expose_headers_value: #expose_headers_value,
            max_age_value: #max_age_value,
        })
    }
}
