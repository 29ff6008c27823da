//! Checks a policy with `cors_runtime`'s validator and puts each violation on the token the
//! user wrote. No rule lives here.

use cors_runtime::__private::PolicyConfig;
use cors_runtime::{Location, Policy, Violation};
use proc_macro2::Span;

use crate::ast::{Args, List};
use crate::ctxt::Ctxt;
use crate::route::Route;

/// The validated policy, or every error: those already in `cx` (from parsing the arguments)
/// and every violation, each on its token. `route` is the routing attribute below `#[cors]`;
/// `None` for `strict_cors::policy!`.
pub(crate) fn check(args: &Args, route: Option<&Route>, mut cx: Ctxt) -> syn::Result<Policy> {
    // Without `origins`, every other rule is still checked, with none listed (whose own rule,
    // an empty list, is this error instead).
    if args.origins.is_none() {
        let missing = syn::Error::new(
            args.first_key.unwrap_or_else(Span::call_site),
            "missing `origins`: say who may read responses, e.g. \
             `#[cors(origins = [\"https://app.example.com\"])]`, or `origins = \"*\"` for anyone",
        );
        // Not asked for where its absence may be another mistake, already reported.
        if !args.origins_excused || cx.is_empty() {
            cx.push(missing);
        }
    }
    let values = |list: &Option<List<String>>| {
        list.as_ref().map(|l| l.items.iter().map(|i| i.value.clone()).collect())
    };
    let config = PolicyConfig {
        origins: args
            .origins
            .iter()
            .flat_map(|origins| origins.items.iter().map(|i| i.value.clone()))
            .collect(),
        methods: if args.any_method { None } else { values(&args.methods) },
        any_method: args.any_method,
        route_methods: route.map(|r| r.methods.clone()),
        allow_headers: values(&args.allow_headers).unwrap_or_default(),
        expose_headers: values(&args.expose_headers).unwrap_or_default(),
        credentials: args.credentials.is_some(),
        max_age: args.max_age.as_ref().map(|m| m.value),
        private_network: args.private_network.is_some(),
    };
    match config.validate() {
        Ok(policy) => cx.finish(policy),
        Err(violations) => {
            // What a list says as a whole (`origins` empty, `methods = []`) is not what the user
            // wrote where one of its elements could not be read, which was reported instead.
            let about_what_was_written = |violation: &&Violation| {
                !violation.locations().iter().any(|location| match location {
                    Location::Origins => args.origins.as_ref().is_none_or(|origins| origins.incomplete),
                    Location::Methods => args.methods.as_ref().is_some_and(|m| m.incomplete),
                    _ => false,
                })
            };
            let mut all = violations.iter().filter(about_what_was_written).map(|v| error(v, args));
            match all.next() {
                Some(mut first) => {
                    first.extend(all);
                    Err(cx.fail(first))
                }
                // Every violation was about such a list, whose unreadable element `cx` holds.
                None => Err(cx.check().err().unwrap_or_else(|| error(violations.first(), args))),
            }
        }
    }
}

/// One error at the main location; for a rule about two tokens, a second one at the other.
fn error(violation: &Violation, args: &Args) -> syn::Error {
    let mut errors = syn::Error::new(span(violation.location(), args), violation);
    for &other in violation.locations().iter().skip(1) {
        let what = match other {
            Location::Credentials => "`credentials` is set here",
            Location::Methods => "`methods` is set here",
            Location::PrivateNetwork => "`private_network` is set here",
            _ => "and here",
        };
        let message = format!("{}: {what} (see the previous error)", violation.rule().name());
        errors.combine(syn::Error::new(span(other, args), message));
    }
    errors
}

fn span(location: Location, args: &Args) -> Span {
    let item = |list: &Option<List<String>>, i: usize| {
        list.as_ref().and_then(|l| l.items.get(i)).map(|item| item.span)
    };
    let found = match location {
        Location::Origins => args.origins.as_ref().map(|l| l.span),
        Location::Origin(i) => args.origins.as_ref().and_then(|l| l.items.get(i)).map(|item| item.span),
        Location::Methods => args.methods.as_ref().map(|l| l.span),
        Location::Method(i) => item(&args.methods, i),
        Location::AllowHeader(i) => item(&args.allow_headers, i),
        Location::ExposeHeader(i) => item(&args.expose_headers, i),
        Location::Credentials => args.credentials,
        Location::MaxAge => args.max_age.as_ref().map(|m| m.span),
        Location::PrivateNetwork => args.private_network,
    };
    found.unwrap_or_else(Span::call_site)
}
