//! The actix-web routing attribute below `#[cors]`: where it is, its path and its methods.

use proc_macro2::Span;
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, MetaNameValue, Path, ReturnType, Token};

use crate::handler::Handler;

/// actix-web's single-method routing attributes and the method each serves.
const METHOD_ATTRIBUTES: [(&str, &str); 10] = [
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
    ("head", "HEAD"),
    ("options", "OPTIONS"),
    ("connect", "CONNECT"),
    ("trace", "TRACE"),
    ("query", "QUERY"),
];

/// A routing attribute, read.
pub(crate) struct Route {
    /// Index of the attribute in the fn's attributes.
    pub(crate) index: usize,
    pub(crate) path: LitStr,
    /// The methods it serves, in the order written.
    pub(crate) methods: Vec<String>,
    /// Its `name = ".."`, if the user gave one.
    pub(crate) name: Option<LitStr>,
    /// Its `guard = ".."` functions, in the order written.
    pub(crate) guards: Vec<Path>,
}

/// What the fn's attributes say about routing.
pub(crate) enum Found {
    Route(Route),
    /// No routing attribute: `#[cors]` is on a plain fn, or below the routing attribute (which
    /// then already took the fn).
    Missing,
    /// A routing attribute whose arguments actix-web itself will reject: let it say why.
    Malformed,
    /// An error of ours about the attributes.
    Error(syn::Error),
    /// A second routing attribute or `#[cors]` below the routing attribute, at this index of the
    /// fn's attributes: our error, and the fn without it goes on to the routing attribute,
    /// which then makes it a service as the user meant.
    ExtraAttribute(syn::Error, usize),
}

fn last_segment(attr: &Attribute) -> Option<String> {
    attr.path().segments.last().map(|s| s.ident.to_string())
}

/// The method an actix-web routing attribute so named serves, if it names one.
fn fixed_method(name: &str) -> Option<&'static str> {
    METHOD_ATTRIBUTES.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

/// Whether an attribute so named is one of actix-web's routing attributes.
fn is_routing_attribute(name: &str) -> bool {
    name == "route" || fixed_method(name).is_some()
}

pub(crate) fn find(item: &Handler) -> Found {
    for (index, attr) in item.attrs.iter().enumerate() {
        let Some(name) = last_segment(attr) else {
            continue;
        };
        if name == "cors" {
            return Found::Error(duplicate(attr));
        }
        if name == "routes" {
            return Found::Error(syn::Error::new_spanned(
                attr,
                "`#[cors]` does not combine with `#[routes]`: write one handler per path, each with \
                 its own `#[get(..)]`/`#[post(..)]`/... and `#[cors(..)]`",
            ));
        }
        if !is_routing_attribute(&name) {
            continue;
        }
        let fixed = fixed_method(&name);
        let Ok((path, options)) = attr.parse_args_with(route_args) else {
            return Found::Malformed;
        };
        let mut methods: Vec<String> = fixed.map(String::from).into_iter().collect();
        let (mut name, mut guards) = (None, Vec::new());
        // What actix-web's own attribute takes (actix-web-codegen 4.5); anything else it refuses
        // itself, and the handler must then reach it unchanged, or its error would come with
        // ours about a fn that is no service.
        for option in &options {
            let Expr::Lit(ExprLit { lit: Lit::Str(value), .. }) = &option.value else {
                return Found::Malformed;
            };
            let key = option.path.get_ident().map(ToString::to_string);
            match key.as_deref() {
                Some("name") => name = Some(value.clone()),
                // A string holding the path of a `fn(&GuardContext) -> bool`.
                Some("guard") => match value.parse::<Path>() {
                    Ok(guard) => guards.push(guard),
                    Err(_) => return Found::Malformed,
                },
                Some("wrap") if value.parse::<Expr>().is_ok() => {}
                // Uppercase (a standard method or a custom one), each once, on `#[route]` only.
                Some("method") if fixed.is_none() => {
                    let method = value.value();
                    if !method.chars().all(|c| c.is_ascii_uppercase()) || methods.contains(&method) {
                        return Found::Malformed;
                    }
                    methods.push(method);
                }
                _ => return Found::Malformed,
            }
        }
        if methods.is_empty() || matches!(item.sig.output, ReturnType::Default) {
            return Found::Malformed;
        }
        // Another routing attribute below makes the fn two services, which actix-web cannot
        // register (its error names neither): one route per handler.
        let below = &item.attrs[index + 1..];
        // Another `#[cors]` below the routing attribute is a second policy too, not one misplaced.
        if let Some(offset) = below.iter().position(|a| last_segment(a).is_some_and(|n| n == "cors")) {
            let at = index + 1 + offset;
            return Found::ExtraAttribute(duplicate(&item.attrs[at]), at);
        }
        let routing = |a: &Attribute| last_segment(a).is_some_and(|n| is_routing_attribute(&n));
        if let Some(offset) = below.iter().position(routing) {
            let at = index + 1 + offset;
            let error = syn::Error::new_spanned(
                &item.attrs[at],
                "one routing attribute per handler: for several methods on one path write \
                 `#[route(\"/orders\", method = \"GET\", method = \"POST\")]`; for several paths, \
                 one handler each",
            );
            return Found::ExtraAttribute(error, at);
        }
        return Found::Route(Route { index, path, methods, name, guards });
    }
    Found::Missing
}

/// The error for a second `#[cors]` on one handler, on the whole attribute.
fn duplicate(attr: &Attribute) -> syn::Error {
    syn::Error::new_spanned(attr, "duplicate `#[cors]`: give each handler one policy")
}

/// `"/path"` then `key = value` options, as actix-web's routing attributes take them.
fn route_args(input: ParseStream<'_>) -> syn::Result<(LitStr, Punctuated<MetaNameValue, Token![,]>)> {
    let path: LitStr = input.parse()?;
    if input.is_empty() {
        return Ok((path, Punctuated::new()));
    }
    input.parse::<Token![,]>()?;
    let options = Punctuated::parse_terminated(input)?;
    Ok((path, options))
}

/// The error for a fn without a routing attribute below `#[cors]`: either it is written below
/// one, or the fn is registered by hand (`.route()`, `web::resource(..).to(..)`, `.configure()`),
/// where the policy belongs on the resource or scope instead.
pub(crate) fn missing(span: Span) -> syn::Error {
    syn::Error::new(
        span,
        "`#[cors]` must be written above the routing attribute, e.g. `#[cors(..)]` then \
         `#[post(\"/orders\")]`: it needs the route's path and methods, which it cannot see below \
         the routing attribute or on a fn without one (it knows actix-web's `#[get]`, `#[post]`, \
         ..., `#[route]` by these names or as `actix_web::get`, not under a name of your own); \
         for a handler registered with `.route()`, \
         `web::resource(..).to(..)` or `.configure()`, name the policy with \
         `static POLICY: Policy = policy!(..)` and wrap its resource or scope instead: \
         `web::resource(\"/orders\").wrap(Cors::new(&POLICY))`",
    )
}
