//! How a `#[cors]` route hands its work to the [`Layer`](super::Layer) in front of it.
//!
//! With a `Layer` in front, writing a route's headers twice (once by the route for its own
//! responses, once by the layer for the responses of what sits between them) would read the
//! request's `Origin` twice and run two middleware frames' worth of work on every response. So
//! the layer, which has read the `Origin` already, writes them all: around each call and each
//! poll of the service it wraps, it opens a *watch* on this thread; a route's CORS layer that
//! runs inside it reports its policy instead of writing anything, and the layer writes that
//! policy's headers on whatever comes back (for a request without `Origin`, its `Vary`).
//!
//! A `Cors` middleware inside still writes its own headers (middleware between it and the layer,
//! a response cache say, must see its `Vary`). A preflight answer given inside is kept with its
//! CORS headers, for the layer to put back (see `kept`).
//!
//! A watch is sound because actix-web runs each request's services on one thread, and while
//! the layer calls or polls what it wraps, the code that runs is that request's: a worker polls
//! each connection's requests one at a time, never one inside another.

use std::cell::{Cell, RefCell};

use crate::live::{Current, Source};

/// What a layer on this thread is doing, if anything. Kept apart from what a watch saw so
/// that a route with no layer in front (most applications) reads one byte to find out.
#[derive(Clone, Copy)]
enum Mode {
    /// No layer is calling or polling: a route writes its own headers.
    Closed,
    /// A layer is, and watches: what reached it so far is in [`SEEN`].
    Open,
}

/// What a layer's watch saw.
#[derive(Clone, Copy, Default)]
pub(crate) struct Seen {
    /// The policy of the route that reported, if one did.
    pub(crate) route: Option<Source>,
    /// The policy of the innermost `Cors` middleware the request passed, if any: it answers
    /// for what comes back through it.
    pub(crate) middleware: Option<Source>,
    /// Whether one of the `Cors` middlewares passed has the policy the layer expected.
    pub(crate) passed_expected: bool,
    expected: Option<Source>,
}

thread_local! {
    static MODE: Cell<Mode> = const { Cell::new(Mode::Closed) };
    /// What the open watch saw: meaningful while [`MODE`] is [`Mode::Open`].
    static SEEN: Cell<Seen> = const {
        Cell::new(Seen { route: None, middleware: None, passed_expected: false, expected: None })
    };
    /// The version of its live policy that the last `Cors` middleware to report one read, for
    /// the layer to answer with the same (see [`middleware_policy`]). A fixed policy has one.
    static LIVE_MIDDLEWARE: RefCell<Option<(Source, Current)>> = const { RefCell::new(None) };
}

/// Puts the mode back as it was found when dropped, even if what ran in it panicked: a watch
/// left open would make the next route on this thread leave its headers to nobody.
struct RestoreMode(Mode);

impl Drop for RestoreMode {
    fn drop(&mut self) {
        MODE.set(self.0);
    }
}

/// Puts back what an outer watch saw, when a watch inside it ends.
struct RestoreSeen(Seen);

impl Drop for RestoreSeen {
    fn drop(&mut self) {
        SEEN.set(self.0);
    }
}

/// Runs `f` (a call or a poll of what a layer wraps) under an open watch, expecting a `Cors`
/// middleware of policy `expected` to be passed; returns its result and what reported in it.
#[inline]
pub(crate) fn watch<R>(expected: Option<Source>, f: impl FnOnce() -> R) -> (R, Seen) {
    let _mode = RestoreMode(MODE.replace(Mode::Open));
    let _seen = RestoreSeen(SEEN.replace(Seen { expected, ..Seen::default() }));
    let result = f();
    (result, SEEN.get())
}

/// Whether a layer is calling or polling what it wraps on this thread, and watches.
pub(crate) fn watching() -> bool {
    matches!(MODE.get(), Mode::Open)
}

/// What a route's CORS layer is to do with a request, as [`report`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Report {
    /// Nothing: a layer watching took the route's policy and writes its headers.
    Taken,
    /// Write its headers.
    Own,
}

/// Called by a route's CORS layer as a request reaches it: if a layer is watching, reports the
/// route's policy to it, and the layer writes the headers. Only the first route to report in a
/// watch is taken (a request reaches one route); any other writes its own.
pub(crate) fn report(source: Source) -> Report {
    match MODE.get() {
        Mode::Closed => Report::Own,
        Mode::Open => {
            let seen = SEEN.get();
            if seen.route.is_some() {
                return Report::Own;
            }
            SEEN.set(Seen { route: Some(source), ..seen });
            Report::Taken
        }
    }
}

/// Called by a `Cors` middleware as a request reaches it, with its policy as it read it: tells a
/// layer watching that the middleware's policy answers for what comes back through it (the last
/// to report is the innermost). The middleware still writes its headers itself.
pub(crate) fn report_middleware(source: Source, read: &Current) {
    if let Mode::Open = MODE.get() {
        let seen = SEEN.get();
        let passed_expected = seen.passed_expected || seen.expected.is_some_and(|e| e.same(source));
        SEEN.set(Seen { middleware: Some(source), passed_expected, ..seen });
        if let Source::Live(_) = source {
            LIVE_MIDDLEWARE.set(Some((source, read.clone())));
        }
    }
}

/// The policy of the innermost `Cors` middleware a watch saw, if any, as that middleware read
/// it: a live policy reloaded since answers as neither version if the layer reads it again, so
/// the middleware's version is handed over (and not kept here past this call: a replaced
/// policy is freed once its last request is done). Call it once for each watch whose
/// middleware was seen.
#[inline]
pub(crate) fn middleware_policy(seen: Seen) -> Option<Current> {
    match seen.middleware? {
        Source::Fixed(policy) => Some(Current::Initial(policy)),
        live @ Source::Live(_) => Some(live_middleware_policy(live)),
    }
}

/// [`middleware_policy`] for a live policy, out of the common path.
#[inline(never)]
fn live_middleware_policy(source: Source) -> Current {
    match LIVE_MIDDLEWARE.take() {
        Some((reported, read)) if reported.same(source) => read,
        // A watch inside (another application's layer, called from a handler) took it.
        _ => source.current(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Report, middleware_policy, report, report_middleware, watch};
    use crate::Policy;
    use crate::live::Source;

    fn source() -> Source {
        let policy = Policy::builder().origin("https://app.example.com").build().unwrap().into_static();
        Source::Fixed(policy)
    }

    #[test]
    fn a_route_reports_only_inside_a_watch_and_only_once() {
        let source = source();
        assert_eq!(report(source), Report::Own, "no layer is watching");
        let ((first, second), seen) = watch(None, || (report(source), report(source)));
        assert_eq!((first, second), (Report::Taken, Report::Own));
        assert!(seen.route.is_some_and(|r| r.same(source)) && seen.middleware.is_none());
        let ((inner, outer_reports), outer) = watch(None, || {
            // A watch inside a watch (a layer of another application called from a handler)
            // is its own, and the outer one is open again after it.
            let (_, inner) = watch(Some(source), || {
                report_middleware(source, &source.current());
                report(source)
            });
            (inner, report(source))
        });
        assert!(
            inner.route.is_some()
                && inner.middleware.is_some()
                && inner.passed_expected
                && outer_reports == Report::Taken
        );
        assert!(outer.route.is_some() && outer.middleware.is_none());
        assert_eq!(report(source), Report::Own, "closed again");
        report_middleware(source, &source.current());
        assert_eq!(report(source), Report::Own, "still closed");
    }

    /// A live policy reloaded after a `Cors` middleware read it: the layer gets the version the
    /// middleware read, once.
    #[test]
    fn a_live_middleware_policy_is_handed_over_as_the_middleware_read_it() {
        let build = |origin: &str| Policy::builder().origin(origin).build().unwrap();
        let live: &'static crate::LivePolicy =
            Box::leak(Box::new(crate::LivePolicy::new(build("https://initial.example.com"))));
        live.reload(build("https://first.example.com"));
        let source = Source::Live(live);
        let (read, seen) = watch(None, || {
            let read = source.current();
            report_middleware(source, &read);
            read
        });
        live.reload(build("https://second.example.com"));
        let handed = middleware_policy(seen).unwrap();
        assert!(
            std::ptr::eq(std::ptr::from_ref::<Policy>(&handed), std::ptr::from_ref::<Policy>(&read)),
            "the version the middleware read"
        );
        drop((handed, read));
        assert!(middleware_policy(seen).unwrap().allows_origin("https://second.example.com"), "not kept");
    }

    #[test]
    fn a_panic_inside_closes_the_watch() {
        let source = source();
        let panicked = std::panic::catch_unwind(|| watch(None, || panic!("handler panicked")));
        assert!(panicked.is_err());
        assert_eq!(report(source), Report::Own);
    }
}
