//! The browser side of CORS, written from the Fetch standard: what a browser does with the
//! response headers before it lets a page read a response. Independent of the code under test.

/// A response as the browser sees it: status and header lines.
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
}

impl Response {
    fn values(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }

    /// Fetch's "combined value": every line of a list header, joined.
    fn list(&self, name: &str) -> Vec<String> {
        self.values(name)
            .iter()
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Fetch, "CORS check": may the page read this response?
pub(crate) fn cors_check(origin: &str, credentials: bool, response: &Response) -> bool {
    let allow_origin = response.values("access-control-allow-origin");
    // Exactly one header, and one value.
    let [value] = allow_origin.as_slice() else { return false };
    if *value == "*" && !credentials {
        return true;
    }
    if *value != origin {
        return false;
    }
    if !credentials {
        return true;
    }
    response.values("access-control-allow-credentials") == ["true"]
}

const SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];

/// Fetch, "CORS-preflight fetch": does this preflight response let the actual request go?
/// `headers` are the names the request would send (lowercase, none CORS-safelisted).
pub(crate) fn preflight_check(
    origin: &str,
    credentials: bool,
    method: &str,
    headers: &[&str],
    response: &Response,
) -> bool {
    if !(200..300).contains(&response.status) || !cors_check(origin, credentials, response) {
        return false;
    }
    let methods = response.list("access-control-allow-methods");
    let method_ok = methods.iter().any(|m| m == method)
        || SAFELISTED_METHODS.contains(&method)
        || (!credentials && methods.iter().any(|m| m == "*"));
    if !method_ok {
        return false;
    }
    let allowed = response.list("access-control-allow-headers");
    headers.iter().all(|name| {
        allowed.iter().any(|a| a.eq_ignore_ascii_case(name))
            || (!credentials
                && !name.eq_ignore_ascii_case("authorization")
                && allowed.iter().any(|a| a == "*"))
    })
}
