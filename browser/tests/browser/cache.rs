//! The preflight cache, call by call: sequences of calls from the page to one URL, the engine's
//! preflights counted by the server and compared, call by call, with those `testing::Browser`
//! sends for the same engine. Where an engine keeps or drops cached answers otherwise than
//! Fetch §4.9 says, the model must do as the engine does.

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceResponse};
use serde_json::json;
use strict_cors::testing::{self, Credentials};

use crate::scenarios::Outcome;
use crate::{Model, Servers, check_outcome, page};

/// One call from the page: `fetch(url, { method, headers: { header: "1" }, credentials })`.
#[derive(Clone, Copy)]
struct Call {
    method: &'static str,
    header: &'static str,
    credentials: bool,
    allowed: bool,
}

const fn call(method: &'static str, header: &'static str) -> Call {
    Call { method, header, credentials: false, allowed: true }
}

const fn with_credentials(call: Call) -> Call {
    Call { credentials: true, ..call }
}

const fn blocked(call: Call) -> Call {
    Call { allowed: false, ..call }
}

/// Calls made one after another to one URL, within its answers' `max_age`.
pub(crate) struct Sequence {
    pub(crate) name: &'static str,
    /// A route of `api::by_hand_routes`.
    path: &'static str,
    calls: &'static [Call],
}

pub(crate) const SEQUENCES: &[Sequence] = &[
    // Fetch keeps the grant for `x-a` when a preflight for `x-b` fails.
    Sequence {
        name: "a failed preflight, then a grant cached before it",
        path: "/hand/x-a-only",
        calls: &[call("PUT", "x-a"), blocked(call("PUT", "x-b")), call("PUT", "x-a")],
    },
    // Fetch keeps an entry per header name granted, so the third call is answered from the cache.
    Sequence {
        name: "a second grant for the URL, then the first again",
        path: "/hand/echo",
        calls: &[call("PUT", "x-a"), call("PUT", "x-b"), call("PUT", "x-a")],
    },
    // Two handlers on one path, each answering its own method's preflights (as `#[cors]` does).
    Sequence {
        name: "a grant for another method, then the first again",
        path: "/hand/echo",
        calls: &[call("PUT", "x-a"), call("DELETE", "x-a"), call("PUT", "x-a")],
    },
    // Fetch never lets a cached `*` stand for `authorization`.
    Sequence {
        name: "a cached `*`, then `authorization` again",
        path: "/hand/wildcard-cached",
        calls: &[call("GET", "authorization"), call("GET", "authorization")],
    },
    // Fetch lets a cached `*` serve a request without credentials, whoever it was cached for.
    Sequence {
        name: "a `*` cached with credentials, then another header without",
        path: "/hand/echo-star",
        calls: &[with_credentials(call("PUT", "x-a")), call("PUT", "x-b")],
    },
    // Fetch lets a grant cached with credentials serve a request without them.
    Sequence {
        name: "a grant cached with credentials, then the same call without",
        path: "/hand/echo",
        calls: &[with_credentials(call("PUT", "x-a")), call("PUT", "x-a")],
    },
    // `HEAD` is a CORS-safelisted method: Fetch needs no grant cached for it.
    Sequence {
        name: "HEAD with a header, twice",
        path: "/hand/echo",
        calls: &[call("HEAD", "x-a"), call("HEAD", "x-a")],
    },
    // `+600` is not delta-seconds: Fetch keeps the answer 5 seconds.
    Sequence {
        name: "`Access-Control-Max-Age: +600`, twice",
        path: "/hand/max-age-plus",
        calls: &[call("PUT", "x-a"), call("PUT", "x-a")],
    },
];

/// Makes every call of `sequence` in the engine and in its model; returns the preflights the
/// engine sent for each call, or what differed.
pub(crate) async fn run<S, B>(
    engine: &crate::engines::Engine,
    model: &Model<'_, S>,
    servers: &Servers,
    sequence: &Sequence,
) -> Result<Vec<usize>, String>
where
    S: Service<actix_http::Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody + 'static,
{
    let key: String = format!("{}-cache-{}", engine.kind.name(), sequence.name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' })
        .collect();
    let url = format!("{}{}?s={key}", servers.api, sequence.path);
    let origin = format!("http://localhost:{}", servers.page_port);
    let (mut by_engine, mut by_model) = (Vec::new(), Vec::new());
    for (index, call) in sequence.calls.iter().enumerate() {
        let context = format!("call {} ({} {})", index + 1, call.method, call.header);
        let before = servers.recorder.counts(&key).0;
        let args = vec![
            json!(url),
            json!(call.method),
            json!({ call.header: "1" }),
            json!(null),
            json!(call.credentials),
        ];
        let seen = engine
            .client
            .execute_async(page::FETCH, args)
            .await
            .map_err(|e| format!("{context}: script failed: {e}"))?;
        let outcome =
            if call.allowed { Outcome::Allowed { status: 200, headers: &[] } } else { Outcome::Blocked };
        check_outcome(outcome, &seen).map_err(|e| format!("{context}: {e}"))?;
        by_engine.push(servers.recorder.counts(&key).0 - before);
        let credentials = if call.credentials { Credentials::Include } else { Credentials::SameOrigin };
        let request =
            testing::Request::new(&url).method(call.method).header(call.header, "1").credentials(credentials);
        let modeled = model.browser.page(&origin).fetch(model.app, request).await;
        if modeled.is_allowed() != call.allowed {
            return Err(format!("{context}: testing::Browser says `{modeled}`"));
        }
        by_model.push(modeled.preflights().len());
    }
    if by_engine != by_model {
        return Err(format!(
            "preflights per call: the engine sent {by_engine:?}, testing::Browser {by_model:?}"
        ));
    }
    Ok(by_engine)
}
