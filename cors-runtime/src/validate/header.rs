//! Rule 9: header names in `allow_headers` and `expose_headers`.

use crate::decision::policy_owned;
use crate::token::is_token;

/// Request headers scripts can never set (Fetch, "forbidden request-header").
const FORBIDDEN_REQUEST: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];
/// Prefixes of forbidden request headers.
const FORBIDDEN_REQUEST_PREFIXES: [&str; 2] = ["proxy-", "sec-"];
/// Response headers browsers never expose to scripts (Fetch, "forbidden response-header").
const FORBIDDEN_RESPONSE: [&str; 2] = ["set-cookie", "set-cookie2"];

/// Whether scripts can never set request header `name` (lowercase): Fetch's "forbidden
/// request-header" names. Also what [`testing`](crate::testing)'s browsers drop.
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) fn forbidden_request_name(name: &str) -> bool {
    FORBIDDEN_REQUEST.contains(&name) || FORBIDDEN_REQUEST_PREFIXES.iter().any(|p| name.starts_with(p))
}

/// Whether scripts can never read response header `name` (Fetch's "forbidden response-header
/// name").
pub(crate) fn forbidden_response_name(name: &str) -> bool {
    FORBIDDEN_RESPONSE.iter().any(|f| f.eq_ignore_ascii_case(name))
}

fn not_a_token(name: &str) -> Option<String> {
    (!is_token(name.as_bytes())).then(|| {
        format!(
            "`{name}` is not a header name: a header name is a token of letters, digits and \
             the symbols !#$%&'*+-.^_`|~, without spaces, `:` or `,`"
        )
    })
}

/// A `*` inside a name is a token character, but a name written so is a pattern (`x-company-*`,
/// `x-company-.*`, as other CORS libraries read it), which matches only a header of that exact
/// name: nobody sends one.
fn pattern(name: &str) -> Option<String> {
    name.contains('*').then(|| {
        format!(
            "`{name}` is not a pattern: header names are compared whole, so it names only a \
             header spelled `{name}`, which nobody sends; list the header names, or write `\"*\"` \
             alone for any"
        )
    })
}

/// What is wrong with one name of `allow_headers`, if anything.
pub(crate) fn check_allowed(name: &str) -> Option<String> {
    if let Some(problem) = not_a_token(name).or_else(|| pattern(name)) {
        return Some(problem);
    }
    let lower = name.to_ascii_lowercase();
    if policy_owned(&lower) {
        return Some(format!(
            "`{name}` is a response header, which only the server sends: a script that sets it \
             on its request grants nothing and only makes the browser ask for it in a \
             preflight; remove it here, and from the request"
        ));
    }
    if !forbidden_request_name(&lower) {
        return preflight_request_header(name, &lower);
    }
    let fix = match lower.as_str() {
        "cookie" | "cookie2" => "to let browsers send cookies, use `credentials`",
        _ => "remove it",
    };
    Some(format!(
        "`{name}` is a forbidden request header: browsers set it themselves and never let \
         scripts set it, so a preflight never asks for it; {fix}"
    ))
}

/// An `access-control-request-*` name other than the two forbidden ones: a script may set it,
/// but it names a header of the preflight, which only the browser sends with a meaning; on the
/// request it grants nothing and only costs a preflight.
fn preflight_request_header(name: &str, lower: &str) -> Option<String> {
    lower.starts_with("access-control-request-").then(|| {
        format!(
            "`{name}` names a preflight request header, which only browsers send meaningfully, \
             on the preflight itself: a script that sets it on its request grants nothing and \
             only makes the browser ask for it in a preflight; remove it here, and from the \
             request"
        )
    })
}

/// What is wrong with one name of `expose_headers`, if anything.
pub(crate) fn check_exposed(name: &str) -> Option<String> {
    if let Some(problem) = not_a_token(name).or_else(|| pattern(name)) {
        return Some(problem);
    }
    if forbidden_response_name(name) {
        return Some(format!(
            "`{name}` can never be exposed: browsers hide cookies from scripts whatever the \
             server says; remove it"
        ));
    }
    let lower = name.to_ascii_lowercase();
    if lower == "origin" || lower.starts_with("access-control-request-") {
        return Some(format!(
            "`{name}` is a request header: no response carries it, so there is nothing to \
             expose; remove it"
        ));
    }
    PREFLIGHT_ONLY.contains(&lower.as_str()).then(|| {
        format!(
            "`{name}` is only sent on preflight answers, which scripts never see, so exposing \
             it does nothing; remove it"
        )
    })
}

/// CORS response headers that only answers to preflights carry.
const PREFLIGHT_ONLY: [&str; 4] = [
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-max-age",
    "access-control-allow-private-network",
];
