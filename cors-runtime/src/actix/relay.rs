//! How a `#[cors]` route hands its work to the [`Layer`](super::Layer) in front of it.
//!
//! With a `Layer` in front, writing a route's headers twice (once by the route for its own
//! responses, once by the layer for the responses of what sits between them) would read the
//! request's `Origin` twice and run two middleware frames' worth of work on every response. So
//! the layer, which has read the `Origin` already, writes them all: around each call and each
//! poll of the service it wraps, it opens a *watch* on this thread; a route's CORS layer that
//! runs inside it reports its policy instead of writing anything, and the layer writes that
//! policy's headers on whatever comes back.
//!
//! A watch is sound because actix-web runs each request's services on one thread, and while
//! the layer calls or polls what it wraps, the code that runs is that request's: a worker polls
//! each connection's requests one at a time, never one inside another.

use std::cell::Cell;

use crate::live::Source;

/// The state of this thread's watch.
#[derive(Clone, Copy)]
enum Watch {
    /// No layer is calling or polling: a route writes its own headers.
    Closed,
    /// A layer is: what reached it so far.
    Open(Seen),
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
    static WATCH: Cell<Watch> = const { Cell::new(Watch::Closed) };
}

/// Puts the watch back as it was found when dropped, even if what ran in it panicked: a watch
/// left open would make the next route on this thread leave its headers to nobody.
struct Restore(Watch);

impl Drop for Restore {
    fn drop(&mut self) {
        WATCH.set(self.0);
    }
}

/// Runs `f` (a call or a poll of what a layer wraps) under an open watch, expecting a `Cors`
/// middleware of policy `expected` to be passed; returns its result and what reported in it.
pub(crate) fn watch<R>(expected: Option<Source>, f: impl FnOnce() -> R) -> (R, Seen) {
    let restore = Restore(WATCH.replace(Watch::Open(Seen { expected, ..Seen::default() })));
    let result = f();
    let seen = match WATCH.get() {
        Watch::Open(seen) => seen,
        Watch::Closed => Seen::default(),
    };
    drop(restore);
    (result, seen)
}

/// Called by a route's CORS layer as a request reaches it: if a layer is watching, reports the
/// route's policy to it and returns `true`: the layer writes the headers. Only the first route
/// to report in a watch is taken (a request reaches one route); any other writes its own.
pub(crate) fn report(source: Source) -> bool {
    match WATCH.get() {
        Watch::Open(seen) if seen.route.is_none() => {
            WATCH.set(Watch::Open(Seen { route: Some(source), ..seen }));
            true
        }
        Watch::Open(_) | Watch::Closed => false,
    }
}

/// Called by a `Cors` middleware as a request reaches it: tells a layer watching that the
/// middleware's policy answers for what comes back through it (the last to report is the
/// innermost). The middleware still writes its headers itself.
pub(crate) fn report_middleware(source: Source) {
    if let Watch::Open(seen) = WATCH.get() {
        let passed_expected = seen.passed_expected || seen.expected.is_some_and(|e| e.same(source));
        WATCH.set(Watch::Open(Seen { middleware: Some(source), passed_expected, ..seen }));
    }
}

#[cfg(test)]
mod tests {
    use super::{report, report_middleware, watch};
    use crate::Policy;
    use crate::live::Source;

    fn source() -> Source {
        let policy = Policy::builder().origin("https://app.example.com").build().unwrap().into_static();
        Source::Fixed(policy)
    }

    #[test]
    fn a_route_reports_only_inside_a_watch_and_only_once() {
        let source = source();
        assert!(!report(source), "no layer is watching");
        let ((first, second), seen) = watch(None, || (report(source), report(source)));
        assert!(first && !second);
        assert!(seen.route.is_some_and(|r| r.same(source)) && seen.middleware.is_none());
        let ((inner, outer_reports), outer) = watch(None, || {
            // A watch inside a watch (a layer of another application called from a handler)
            // is its own, and the outer one is open again after it.
            let (_, inner) = watch(Some(source), || {
                report_middleware(source);
                report(source)
            });
            (inner, report(source))
        });
        assert!(
            inner.route.is_some() && inner.middleware.is_some() && inner.passed_expected && outer_reports
        );
        assert!(outer.route.is_some() && outer.middleware.is_none());
        assert!(!report(source), "closed again");
        report_middleware(source);
        assert!(!report(source), "still closed");
    }

    #[test]
    fn a_panic_inside_closes_the_watch() {
        let source = source();
        let panicked = std::panic::catch_unwind(|| watch(None, || panic!("handler panicked")));
        assert!(panicked.is_err());
        assert!(!report(source));
    }
}
