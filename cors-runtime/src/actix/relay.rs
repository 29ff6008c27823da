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

/// Whether a layer on this thread is calling or polling what it wraps, and what reached it so
/// far. Small, and all that most requests touch: a route with no layer in front (most
/// applications) reads whether one is open, and under a layer the route that reports is all
/// there is to see, unless the application has `Cors` middleware or live policies.
#[derive(Clone, Copy)]
struct Watch {
    open: bool,
    /// The policy of the route that reported, if one did.
    route: Option<Source>,
    /// Whether [`MORE`] holds something for this watch: an expected `Cors` middleware, one
    /// passed, or live versions handed over.
    more: bool,
}

/// What a watch sees beyond the route, kept apart from [`Watch`] so that most requests never
/// touch it.
#[derive(Clone, Copy)]
struct More {
    middleware: Option<Source>,
    passed_expected: bool,
    expected: Option<Source>,
    /// Whether [`VERSIONS`] holds what this watch was handed.
    versions: bool,
}

impl More {
    const NOTHING: More = More { middleware: None, passed_expected: false, expected: None, versions: false };
}

/// The versions of live policies reported in a watch, as each was read: the route's, and the
/// innermost `Cors` middleware's. A live policy reloaded since answers as neither version if
/// the layer reads it again; a fixed one has one version, and needs none kept.
#[derive(Default)]
struct Versions {
    route: Option<Current>,
    middleware: Option<Current>,
}

thread_local! {
    static WATCH: Cell<Watch> = const { Cell::new(Watch { open: false, route: None, more: false }) };
    /// Meaningful while the open watch's [`Watch::more`] says so.
    static MORE: Cell<More> = const { Cell::new(More::NOTHING) };
    /// The versions handed to the open watch, if its [`More::versions`] says so.
    static VERSIONS: RefCell<Versions> = const { RefCell::new(Versions { route: None, middleware: None }) };
}

/// What a layer's watch saw. The versions of live policies it holds are dropped with it: a
/// replaced policy is kept no longer than the request that read it.
pub(crate) struct Seen {
    /// The policy of the route that reported, if one did.
    pub(crate) route: Option<Source>,
    /// The policy of the innermost `Cors` middleware the request passed, if any: it answers
    /// for what comes back through it.
    pub(crate) middleware: Option<Source>,
    /// Whether one of the `Cors` middlewares passed has the policy the layer expected.
    pub(crate) passed_expected: bool,
    versions: Versions,
}

impl Seen {
    /// The policy of the route that reported, as the route read it.
    #[inline]
    pub(crate) fn route_policy(&mut self) -> Option<Current> {
        Some(version(self.route?, &mut self.versions.route))
    }

    /// The policy of the innermost `Cors` middleware passed, as the middleware read it.
    #[inline]
    pub(crate) fn middleware_policy(&mut self) -> Option<Current> {
        Some(version(self.middleware?, &mut self.versions.middleware))
    }
}

/// `source`'s policy, as `handed` says it was read if it is live.
#[inline]
fn version(source: Source, handed: &mut Option<Current>) -> Current {
    match source {
        Source::Fixed(policy) => Current::Initial(policy),
        // Not handed over where a watch inside (another application's layer, called from a
        // handler) reported a live policy of its own, route's or middleware's, in the same call
        // or poll: read now.
        Source::Live(_) => handed.take().unwrap_or_else(|| source.current()),
    }
}

/// Puts back the watch found open (or none) when a watch ends, even if what ran in it panicked:
/// a watch left open would make the next route on this thread leave its headers to nobody. Drops
/// what this one was handed and did not return (it panicked), and puts back what an outer watch
/// saw beyond its route. What the outer one was handed is lost: a watch inside another (another
/// application's layer, called from a handler) is rare, and the outer layer then reads the live
/// policies anew.
struct Restore {
    outer: Watch,
    outer_more: Option<More>,
}

impl Drop for Restore {
    #[inline]
    fn drop(&mut self) {
        if WATCH.replace(self.outer).more && MORE.get().versions {
            drop(VERSIONS.take());
        }
        if let Some(more) = self.outer_more {
            MORE.set(more);
        }
    }
}

/// Runs `f` (a call or a poll of what a layer wraps) under an open watch, expecting a `Cors`
/// middleware of policy `expected` to be passed; returns its result and what reported in it.
#[inline]
pub(crate) fn watch<R>(expected: Option<Source>, f: impl FnOnce() -> R) -> (R, Seen) {
    let outer = WATCH.replace(Watch { open: true, route: None, more: expected.is_some() });
    let outer_more = (outer.open && outer.more).then(|| MORE.get());
    if expected.is_some() {
        MORE.set(More { expected, ..More::NOTHING });
    }
    let _restore = Restore { outer, outer_more };
    let result = f();
    let watched = WATCH.get();
    let seen = if watched.more {
        let more = MORE.get();
        let versions = if more.versions { VERSIONS.take() } else { Versions::default() };
        Seen {
            route: watched.route,
            middleware: more.middleware,
            passed_expected: more.passed_expected,
            versions,
        }
    } else {
        Seen { route: watched.route, middleware: None, passed_expected: false, versions: Versions::default() }
    };
    (result, seen)
}

/// Whether a layer is calling or polling what it wraps on this thread, and watches.
pub(crate) fn watching() -> bool {
    WATCH.get().open
}

/// What a route's CORS layer is to do with a request, as [`report`] says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Report {
    /// Nothing: a layer watching took the route's policy and writes its headers.
    Taken,
    /// Write its headers.
    Own,
}

/// Called by a route's CORS layer as a request reaches it, with how it reads its policy: if a
/// layer is watching, reports the route's policy to it (a live one as `read` gives it), and the
/// layer writes the headers. Only the first route to report in a watch is taken (a request
/// reaches one route); any other writes its own.
#[inline]
pub(crate) fn report(source: Source, read: impl FnOnce() -> Current) -> Report {
    let watch = WATCH.get();
    if !watch.open || watch.route.is_some() {
        return Report::Own;
    }
    let live = matches!(source, Source::Live(_));
    if live {
        // Read before the thread's state is borrowed.
        let read = read();
        VERSIONS.with_borrow_mut(|versions| versions.route = Some(read));
        let more = if watch.more { MORE.get() } else { More::NOTHING };
        MORE.set(More { versions: true, ..more });
    }
    WATCH.set(Watch { open: true, route: Some(source), more: watch.more || live });
    Report::Taken
}

/// Called by a `Cors` middleware as a request reaches it, with its policy as it read it: tells a
/// layer watching that the middleware's policy answers for what comes back through it (the last
/// to report is the innermost). The middleware still writes its headers itself.
pub(crate) fn report_middleware(source: Source, read: &Current) {
    let watch = WATCH.get();
    if !watch.open {
        return;
    }
    let more = if watch.more { MORE.get() } else { More::NOTHING };
    let passed_expected = more.passed_expected || more.expected.is_some_and(|e| e.same(source));
    let live = matches!(source, Source::Live(_));
    if live || more.versions {
        // The innermost's alone: a fixed one's replaces a live one's outside it.
        VERSIONS.with_borrow_mut(|versions| versions.middleware = live.then(|| read.clone()));
    }
    MORE.set(More { middleware: Some(source), passed_expected, versions: more.versions || live, ..more });
    WATCH.set(Watch { more: true, ..watch });
}

#[cfg(test)]
mod tests {
    use super::{Report, report, report_middleware, watch};
    use crate::Policy;
    use crate::live::{Current, Source};

    fn source() -> Source {
        let policy = Policy::builder().origin("https://app.example.com").build().unwrap().into_static();
        Source::Fixed(policy)
    }

    #[test]
    fn a_route_reports_only_inside_a_watch_and_only_once() {
        let source = source();
        assert_eq!(report(source, || source.current()), Report::Own, "no layer is watching");
        let ((first, second), seen) =
            watch(None, || (report(source, || source.current()), report(source, || source.current())));
        assert_eq!((first, second), (Report::Taken, Report::Own));
        assert!(seen.route.is_some_and(|r| r.same(source)) && seen.middleware.is_none());
        let ((inner, outer_reports), outer) = watch(None, || {
            // A watch inside a watch (a layer of another application called from a handler)
            // is its own, and the outer one is open again after it.
            let (_, inner) = watch(Some(source), || {
                report_middleware(source, &source.current());
                report(source, || source.current())
            });
            (inner, report(source, || source.current()))
        });
        assert!(
            inner.route.is_some()
                && inner.middleware.is_some()
                && inner.passed_expected
                && outer_reports == Report::Taken
        );
        assert!(outer.route.is_some() && outer.middleware.is_none());
        assert_eq!(report(source, || source.current()), Report::Own, "closed again");
        report_middleware(source, &source.current());
        assert_eq!(report(source, || source.current()), Report::Own, "still closed");
    }

    /// A live policy reloaded after a `Cors` middleware and a route read it: the layer gets the
    /// versions they read, and keeps none once what the watch saw is dropped; nor does a
    /// middleware further in, whose fixed policy answers instead.
    #[test]
    fn live_versions_are_handed_over_as_read_and_kept_no_longer() {
        let build = |origin: &str| Policy::builder().origin(origin).build().unwrap();
        let live: &'static crate::LivePolicy =
            Box::leak(Box::new(crate::LivePolicy::new(build("https://initial.example.com"))));
        live.reload(build("https://first.example.com"));
        let source = Source::Live(live);
        let (read, mut seen) = watch(None, || {
            let read = source.current();
            report_middleware(source, &read);
            assert_eq!(report(source, || read.clone()), Report::Taken);
            read
        });
        live.reload(build("https://second.example.com"));
        let same = |a: &Current, b: &Current| {
            std::ptr::eq(std::ptr::from_ref::<Policy>(a), std::ptr::from_ref::<Policy>(b))
        };
        let (middleware, route) = (seen.middleware_policy().unwrap(), seen.route_policy().unwrap());
        assert!(same(&middleware, &read) && same(&route, &read), "the versions they read");
        let first = match read {
            Current::Reloaded(first) => std::sync::Arc::downgrade(&first),
            Current::Initial(_) => panic!("reloaded"),
        };
        drop((middleware, route, seen));
        assert!(first.upgrade().is_none(), "freed with what the watch saw");

        let fixed = self::source();
        let ((), mut seen) = watch(None, || {
            report_middleware(source, &source.current());
            report_middleware(fixed, &fixed.current());
        });
        assert!(seen.middleware.is_some_and(|m| m.same(fixed)));
        assert!(seen.middleware_policy().is_some());
        let second = match live.current() {
            Current::Reloaded(second) => std::sync::Arc::downgrade(&second),
            Current::Initial(_) => panic!("reloaded"),
        };
        live.reload(build("https://third.example.com"));
        drop(seen);
        assert!(second.upgrade().is_none(), "the live version outside the fixed one is not kept");
    }

    #[test]
    fn a_panic_inside_closes_the_watch() {
        let source = source();
        let panicked = std::panic::catch_unwind(|| watch(None, || panic!("handler panicked")));
        assert!(panicked.is_err());
        assert_eq!(report(source, || source.current()), Report::Own);
    }
}
