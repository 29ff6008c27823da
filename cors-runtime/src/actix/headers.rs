//! Reading the CORS request headers from actix-web and writing the response headers.

use actix_web::dev::RequestHead;
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::decision::{AllowOrigin, PreflightHeaders, ResponseHeaders, Vary};
use crate::origin::Found;
use crate::policy::{Policy, PolicyParts, Str};
use crate::request::HeaderInput;

const REQUEST_PRIVATE_NETWORK: HeaderName = HeaderName::from_static("access-control-request-private-network");
const ALLOW_PRIVATE_NETWORK: HeaderName = HeaderName::from_static("access-control-allow-private-network");
const TRUE: HeaderValue = HeaderValue::from_static("true");
const STAR: HeaderValue = HeaderValue::from_static("*");

/// A policy's header values as actix-web values, made once per policy so that writing them is
/// a reference-count increment at most.
pub(crate) struct HeaderValues {
    /// The policy's origins, by index: an exact one is sent back from here.
    origins: Box<[Option<HeaderValue>]>,
    allow_methods: Option<HeaderValue>,
    allow_headers: Option<HeaderValue>,
    expose_headers: Option<HeaderValue>,
    max_age: Option<HeaderValue>,
}

impl HeaderValues {
    pub(crate) fn new(parts: &PolicyParts) -> Self {
        HeaderValues {
            origins: parts.origins.iter().map(to_value).collect(),
            allow_methods: parts.allow_methods_value.as_ref().and_then(to_value),
            allow_headers: parts.allow_headers_value.as_ref().and_then(to_value),
            expose_headers: parts.expose_headers_value.as_ref().and_then(to_value),
            max_age: parts.max_age_value.as_ref().and_then(to_value),
        }
    }
}

/// A `&'static` value is used in place; an owned one is copied once. Validated values are
/// always valid header values, so `None` never happens in practice.
fn to_value(s: &Str) -> Option<HeaderValue> {
    match s {
        Str::Borrowed(s) => HeaderValue::from_str(s).ok().map(|_| HeaderValue::from_static(s)),
        Str::Owned(s) => HeaderValue::from_str(s).ok(),
    }
}

fn input<'a>(head: &'a RequestHead, name: &HeaderName) -> HeaderInput<'a> {
    HeaderInput::from_values(head.headers().get_all(name).map(HeaderValue::as_bytes))
}

/// A preflight's headers, read from the request as the decision engine asks for them.
pub(crate) struct Preflight<'a> {
    pub(crate) head: &'a RequestHead,
    /// Read already, by [`origin`].
    pub(crate) origin: HeaderInput<'a>,
}

impl<'a> PreflightHeaders<'a> for Preflight<'a> {
    fn origin(&self) -> HeaderInput<'a> {
        self.origin
    }

    fn request_method(&self) -> HeaderInput<'a> {
        input(self.head, &header::ACCESS_CONTROL_REQUEST_METHOD)
    }

    fn request_headers(&self) -> HeaderInput<'a> {
        input(self.head, &header::ACCESS_CONTROL_REQUEST_HEADERS)
    }

    fn request_private_network(&self) -> HeaderInput<'a> {
        input(self.head, &REQUEST_PRIVATE_NETWORK)
    }
}

/// Whether `head` is a preflight whose `Origin` is `origin`: `OPTIONS` with `Origin` and
/// `Access-Control-Request-Method`.
pub(crate) fn is_preflight(head: &RequestHead, origin: HeaderInput<'_>) -> bool {
    head.method == Method::OPTIONS
        && origin.is_present()
        && head.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// The request's `Origin`, read once: what the decision engine needs, and the value to reflect.
pub(crate) fn origin(head: &RequestHead) -> (HeaderInput<'_>, Option<&HeaderValue>) {
    let mut values = head.headers().get_all(header::ORIGIN);
    let first = values.next();
    let input = match (first, values.next()) {
        (None, _) => HeaderInput::Absent,
        (Some(one), None) => HeaderInput::One(one.as_bytes()),
        (Some(_), Some(_)) => HeaderInput::Repeated,
    };
    (input, first)
}

/// The `Access-Control-Allow-Origin` value, when `out` reflects the origin. For an exact
/// entry, the policy's own copy: copying a `'static` value is free, while the request's may
/// have to be made shareable first, which allocates. Otherwise the request's own value.
pub(crate) fn reflect(
    policy: &Policy,
    value: Option<&HeaderValue>,
    found: Option<Found>,
    out: &ResponseHeaders,
) -> Option<HeaderValue> {
    let Some(AllowOrigin::Reflect) = out.allow_origin else {
        return None;
    };
    let own = match found {
        Some(Found::Exact(index)) => policy.compiled().values.origins.get(index).and_then(Option::as_ref),
        _ => None,
    };
    own.or(value).cloned()
}

/// Writes `out` into `headers`: CORS headers replace any the handler set, `Vary` is added to.
/// Straight-line on purpose: this runs on every response.
pub(crate) fn write(
    headers: &mut HeaderMap,
    policy: &Policy,
    out: &ResponseHeaders,
    origin: Option<HeaderValue>,
) {
    let allow_origin = match out.allow_origin {
        Some(AllowOrigin::Any) => Some(STAR),
        Some(AllowOrigin::Reflect) => origin,
        None => None,
    };
    if let Some(value) = allow_origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    if out.allow_credentials {
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    let values = &policy.compiled().values;
    let mut set = |wanted: bool, name: header::HeaderName, value: &Option<HeaderValue>| {
        if let (true, Some(value)) = (wanted, value) {
            headers.insert(name, value.clone());
        }
    };
    set(out.expose_headers, header::ACCESS_CONTROL_EXPOSE_HEADERS, &values.expose_headers);
    set(out.allow_methods, header::ACCESS_CONTROL_ALLOW_METHODS, &values.allow_methods);
    set(out.allow_headers, header::ACCESS_CONTROL_ALLOW_HEADERS, &values.allow_headers);
    set(out.max_age, header::ACCESS_CONTROL_MAX_AGE, &values.max_age);
    if out.allow_private_network {
        headers.insert(ALLOW_PRIVATE_NETWORK, TRUE);
    }
    if let Some(vary) = out.vary {
        append_vary(headers, vary_value(vary));
    }
}

/// The `Vary` value, made at compile time: `HeaderValue::from_static` checks every byte when
/// it runs, and preflight values are up to 110 bytes long.
fn vary_value(vary: Vary) -> HeaderValue {
    const fn value(vary: Vary) -> HeaderValue {
        HeaderValue::from_static(vary.as_str())
    }
    const fn preflight(origin: bool, private_network: bool) -> HeaderValue {
        value(Vary::Preflight { origin, private_network })
    }
    match vary {
        Vary::Origin => const { value(Vary::Origin) },
        Vary::Preflight { origin: true, private_network: true } => const { preflight(true, true) },
        Vary::Preflight { origin: true, private_network: false } => const { preflight(true, false) },
        Vary::Preflight { origin: false, private_network: true } => const { preflight(false, true) },
        Vary::Preflight { origin: false, private_network: false } => const { preflight(false, false) },
    }
}

/// Adds `ours` to `Vary` unless the response already varies on everything (`*`) or already
/// carries exactly this value. Most responses have no `Vary` of their own, so the value is
/// inserted first, in one map operation, and the handler's values are put back only if there
/// were any.
fn append_vary(headers: &mut HeaderMap, ours: HeaderValue) {
    let (mut theirs, mut covered) = (0, false);
    for value in headers.insert(header::VARY, ours.clone()) {
        covered |= value.as_bytes() == b"*" || value == ours;
        if theirs == 0 {
            headers.insert(header::VARY, value);
        } else {
            headers.append(header::VARY, value);
        }
        theirs += 1;
    }
    if theirs > 0 && !covered {
        headers.append(header::VARY, ours);
    }
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{HeaderMap, HeaderValue, VARY};

    use super::append_vary;

    fn vary_after(theirs: &[&'static str]) -> Vec<String> {
        let mut headers = HeaderMap::new();
        for value in theirs {
            headers.append(VARY, HeaderValue::from_static(value));
        }
        append_vary(&mut headers, HeaderValue::from_static("Origin"));
        headers.get_all(VARY).map(|v| v.to_str().unwrap().to_owned()).collect()
    }

    #[test]
    fn vary_is_added_to_in_order_and_never_repeated() {
        assert_eq!(vary_after(&[]), ["Origin"]);
        assert_eq!(vary_after(&["Accept-Encoding"]), ["Accept-Encoding", "Origin"]);
        assert_eq!(vary_after(&["Accept-Encoding", "Cookie"]), ["Accept-Encoding", "Cookie", "Origin"]);
        assert_eq!(vary_after(&["Origin"]), ["Origin"]);
        assert_eq!(vary_after(&["Accept-Encoding", "Origin"]), ["Accept-Encoding", "Origin"]);
        assert_eq!(vary_after(&["*"]), ["*"]);
    }
}
