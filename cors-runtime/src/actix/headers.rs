//! Reading the CORS request headers from actix-web and writing the response headers.

use actix_web::dev::RequestHead;
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};

use crate::decision::{AllowOrigin, Decision, PreflightHeaders, ResponseHeaders, Vary, policy_owned};
use crate::origin::Found;
use crate::policy::{Policy, Str};
use crate::request::HeaderInput;
use crate::request::{RequestHeadersError, scan_lines};

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
    /// The headers of the answer to an actual request from an allowed origin, and from another
    /// or none: they depend on the policy alone, and every response asks for one of them.
    actual_allowed: ResponseHeaders,
    actual_refused: ResponseHeaders,
}

impl HeaderValues {
    pub(crate) fn new(policy: &Policy) -> Self {
        let parts = policy.parts();
        HeaderValues {
            actual_allowed: Decision::ActualAllowed.response_headers(policy),
            actual_refused: Decision::ActualNotAllowed.response_headers(policy),
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

    fn scan_request_headers(
        &self,
        accept: impl FnMut(&[u8]) -> bool,
    ) -> Result<Option<&'a [u8]>, RequestHeadersError> {
        let lines = self.head.headers().get_all(header::ACCESS_CONTROL_REQUEST_HEADERS);
        scan_lines(lines.map(HeaderValue::as_bytes), accept)
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

/// The method a preflight asks for, which chooses the route that answers it: its first
/// `Access-Control-Request-Method`, empty if none (which no route serves). Several lines, which
/// no browser sends, are refused by that route's policy.
pub(crate) fn requested_method(head: &RequestHead) -> &[u8] {
    head.headers().get(header::ACCESS_CONTROL_REQUEST_METHOD).map_or(&[][..], HeaderValue::as_bytes)
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
    out: ResponseHeaders,
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

/// How `policy` answers an actual request whose `Origin` is `origin` (its value `value`): the
/// decision, the headers it calls for, and the `Access-Control-Allow-Origin` value if any.
#[inline]
pub(crate) fn judge_actual(
    policy: &Policy,
    origin: HeaderInput<'_>,
    value: Option<&HeaderValue>,
) -> (Decision<'static>, ResponseHeaders, Option<HeaderValue>) {
    let (decision, found) = policy.judge_actual(origin);
    let values = &policy.compiled().values;
    // What `decision.response_headers(policy)` says, worked out once per policy.
    let out = if decision == Decision::ActualAllowed { values.actual_allowed } else { values.actual_refused };
    (decision, out, reflect(policy, value, found, out))
}

/// Whether `name` is a response header the policy alone decides (see [`policy_owned`]).
pub(crate) fn is_owned(name: &HeaderName) -> bool {
    policy_owned(name.as_str())
}

/// Writes `out` into `headers`: the CORS headers others set are removed, the policy's added,
/// `Vary` added to. This runs on every response: one look at the names already there, then
/// one map operation per header.
pub(crate) fn write(
    headers: &mut HeaderMap,
    policy: &Policy,
    out: ResponseHeaders,
    origin: Option<HeaderValue>,
) {
    // Appending a header costs about half what inserting one does (no search for values to
    // replace), and responses rarely carry CORS headers of their own: one look decides whether
    // any must go first.
    let (mut foreign, mut vary_set) = (false, false);
    for name in headers.keys() {
        foreign |= is_owned(name);
        vary_set |= *name == header::VARY;
    }
    if foreign {
        headers.retain(|name, _| !is_owned(name));
    }
    match (out.allow_origin, origin) {
        (Some(AllowOrigin::Any), _) => headers.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, STAR),
        (Some(AllowOrigin::Reflect), Some(value)) => {
            headers.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        }
        _ => {}
    }
    if out.allow_credentials {
        headers.append(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    // Each value looked at only if wanted: most responses want none of them.
    let values = &policy.compiled().values;
    let mut append = |wanted: bool, name: HeaderName, value: &Option<HeaderValue>| {
        if let (true, Some(value)) = (wanted, value) {
            headers.append(name, value.clone());
        }
    };
    append(out.expose_headers, header::ACCESS_CONTROL_EXPOSE_HEADERS, &values.expose_headers);
    append(out.allow_methods, header::ACCESS_CONTROL_ALLOW_METHODS, &values.allow_methods);
    append(out.allow_headers, header::ACCESS_CONTROL_ALLOW_HEADERS, &values.allow_headers);
    append(out.max_age, header::ACCESS_CONTROL_MAX_AGE, &values.max_age);
    if out.allow_private_network {
        headers.append(ALLOW_PRIVATE_NETWORK, TRUE);
    }
    match out.vary {
        Some(vary) if vary_set => append_vary(headers, vary_value(vary)),
        Some(vary) => headers.append(header::VARY, vary_value(vary)),
        None => {}
    }
}

/// The `Vary` value, made at compile time: `HeaderValue::from_static` checks every byte when
/// it runs, and preflight values are up to 110 bytes long.
fn vary_value(vary: Vary) -> HeaderValue {
    const fn value(vary: Vary) -> HeaderValue {
        HeaderValue::from_static(vary.as_str())
    }
    const fn preflight(origin: bool) -> HeaderValue {
        value(Vary::Preflight { origin })
    }
    match vary {
        Vary::Origin => const { value(Vary::Origin) },
        Vary::Preflight { origin: true } => const { preflight(true) },
        Vary::Preflight { origin: false } => const { preflight(false) },
    }
}

/// Adds to the `Vary` a response already has the names of `ours` it does not name yet (in any
/// case, on any of its lines, in any of their lists), unless it varies on everything (`*`).
fn append_vary(headers: &mut HeaderMap, ours: HeaderValue) {
    let value = {
        let theirs = || headers.get_all(header::VARY).flat_map(|value| names(value.as_bytes()));
        if theirs().any(|name| name == b"*") {
            return;
        }
        let missing = |name: &&[u8]| !theirs().any(|theirs| theirs.eq_ignore_ascii_case(name));
        let (all, missing_count) = names(ours.as_bytes())
            .fold((0, 0), |(all, count), name| (all + 1, count + usize::from(missing(&name))));
        if missing_count == 0 {
            return;
        }
        if missing_count == all {
            ours
        } else {
            // Some of a preflight's names, which are tokens: joined with `, ` they make a value.
            let some: Vec<&[u8]> = names(ours.as_bytes()).filter(missing).collect();
            let Ok(value) = HeaderValue::from_bytes(&some.join(&b", "[..])) else { return };
            value
        }
    };
    headers.append(header::VARY, value);
}

/// The names of a `Vary` line.
fn names(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    value.split(|&b| b == b',').map(<[u8]>::trim_ascii).filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use actix_web::http::header::{
        ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
        ACCESS_CONTROL_MAX_AGE, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, VARY,
    };

    use super::{append_vary, write};
    use crate::Decision;
    use crate::config::{OriginEntry, PolicyConfig};

    fn vary_after(theirs: &[&'static str]) -> Vec<String> {
        let mut headers = HeaderMap::new();
        for value in theirs {
            headers.append(VARY, HeaderValue::from_static(value));
        }
        append_vary(&mut headers, HeaderValue::from_static("Origin"));
        headers.get_all(VARY).map(|v| v.to_str().unwrap().to_owned()).collect()
    }

    #[test]
    fn cors_headers_others_set_are_replaced_or_removed() {
        let policy = PolicyConfig {
            origins: vec![OriginEntry::Literal("https://app.example.com".into())],
            expose_headers: vec!["x-total".into()],
            credentials: true,
            ..PolicyConfig::default()
        }
        .validate()
        .unwrap();
        let out = Decision::ActualAllowed.response_headers(&policy);
        let origin = Some(HeaderValue::from_static("https://app.example.com"));
        let values = |headers: &HeaderMap, name| {
            headers.get_all(name).map(|v: &HeaderValue| v.to_str().unwrap().to_owned()).collect::<Vec<_>>()
        };

        let mut own = HeaderMap::new();
        own.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("false"));
        own.append(ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("x-a"));
        own.append(ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static("x-b"));
        write(&mut own, &policy, out, origin.clone());
        assert_eq!(values(&own, ACCESS_CONTROL_ALLOW_ORIGIN), ["https://app.example.com"]);
        assert_eq!(values(&own, ACCESS_CONTROL_ALLOW_CREDENTIALS), ["true"]);
        assert_eq!(values(&own, ACCESS_CONTROL_EXPOSE_HEADERS), ["x-total"]);
        assert_eq!(values(&own, VARY), ["Origin"]);

        let mut plain = HeaderMap::new();
        plain.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        write(&mut plain, &policy, out, origin);
        assert_eq!(values(&plain, ACCESS_CONTROL_ALLOW_ORIGIN), ["https://app.example.com"]);
        assert_eq!(values(&plain, ACCESS_CONTROL_ALLOW_CREDENTIALS), ["true"]);
        assert_eq!(values(&plain, VARY), ["Origin"]);

        // A refused origin gets none, whatever the handler set.
        let refused = Decision::ActualNotAllowed.response_headers(&policy);
        let mut leaky = HeaderMap::new();
        leaky.insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        leaky.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
        leaky.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("86400"));
        leaky.insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        write(&mut leaky, &policy, refused, None);
        let names: Vec<&str> = leaky.keys().map(HeaderName::as_str).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert_eq!(values(&leaky, CONTENT_TYPE), ["text/plain"]);
        assert_eq!(values(&leaky, VARY), ["Origin"]);
    }

    #[test]
    fn vary_is_added_to_in_order_and_never_repeated() {
        assert_eq!(vary_after(&[]), ["Origin"]);
        assert_eq!(vary_after(&["Accept-Encoding"]), ["Accept-Encoding", "Origin"]);
        assert_eq!(vary_after(&["Accept-Encoding", "Cookie"]), ["Accept-Encoding", "Cookie", "Origin"]);
        assert_eq!(vary_after(&["Origin"]), ["Origin"]);
        assert_eq!(vary_after(&["Accept-Encoding", "Origin"]), ["Accept-Encoding", "Origin"]);
        assert_eq!(vary_after(&["*"]), ["*"]);
        // Named in a list, or in another case.
        assert_eq!(vary_after(&["Accept-Encoding, Origin"]), ["Accept-Encoding, Origin"]);
        assert_eq!(vary_after(&["origin"]), ["origin"]);
        assert_eq!(vary_after(&["accept-encoding ,ORIGIN"]), ["accept-encoding ,ORIGIN"]);
        assert_eq!(vary_after(&["Accept, *"]), ["Accept, *"]);
        assert_eq!(vary_after(&["Originator"]), ["Originator", "Origin"]);
        // A preflight's list: only the names not there yet.
        let mut headers = HeaderMap::new();
        headers.append(VARY, HeaderValue::from_static("origin, Access-Control-Request-Method"));
        append_vary(&mut headers, super::vary_value(crate::decision::Vary::Preflight { origin: true }));
        let vary: Vec<&str> = headers.get_all(VARY).map(|v| v.to_str().unwrap()).collect();
        assert_eq!(
            vary,
            [
                "origin, Access-Control-Request-Method",
                "Access-Control-Request-Headers, Access-Control-Request-Private-Network"
            ]
        );
    }
}
