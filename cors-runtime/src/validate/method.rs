//! Rule 8: methods a preflight may ask for.

use crate::token::is_token;

/// Methods whose case browsers normalize or that have a standard uppercase spelling.
const STANDARD: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
/// The methods Fetch uppercases before sending, however a script spells them.
const NORMALIZED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
/// Methods browsers refuse to send from scripts.
const FORBIDDEN: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Whether browsers refuse to send `method` from scripts, so that no preflight asks for it.
pub(crate) fn forbidden(method: &str) -> bool {
    FORBIDDEN.iter().any(|f| f.eq_ignore_ascii_case(method))
}

/// What is wrong with one method, if anything.
pub(crate) fn check(method: &str, route_methods: Option<&[String]>) -> Option<String> {
    if !is_token(method.as_bytes()) {
        return Some(format!(
            "`{method}` is not an HTTP method: a method is a token of letters, digits and \
             the symbols !#$%&'*+-.^_`|~, without spaces or separators"
        ));
    }
    if let Some(forbidden) = FORBIDDEN.iter().find(|f| f.eq_ignore_ascii_case(method)) {
        return Some(format!(
            "`{method}`: browsers never let scripts send `{forbidden}`, so allowing it has no \
             effect; remove it"
        ));
    }
    if let Some(standard) = STANDARD.iter().find(|s| s.eq_ignore_ascii_case(method) && **s != method) {
        // Fetch uppercases these six alone; any other method goes out as the script spells it.
        return Some(if NORMALIZED.contains(standard) {
            format!(
                "`{method}`: browsers send `{standard}` however a script spells it, and \
                 methods compare byte for byte; write `{standard}`"
            )
        } else {
            format!(
                "`{method}`: methods compare byte for byte, and browsers uppercase only \
                 DELETE, GET, HEAD, OPTIONS, POST and PUT: `{method}` is sent only by a script \
                 that spells it so, and is not the standard `{standard}`; write `{standard}`"
            )
        });
    }
    match route_methods {
        Some(served) if !served.iter().any(|m| m == method) => Some(format!(
            "`{method}` is not served by this route, which serves {}: a preflight for it \
             would be answered for a request that then fails; remove it, or add `{method}` \
             to the routing attribute",
            served.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")
        )),
        _ => None,
    }
}
