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
    /// A layer is, and no route has reported yet.
    Open,
    /// A route reported, with its policy.
    Reported(Source),
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

/// Runs `f` (a call or a poll of what a layer wraps) under an open watch; returns its result
/// and the policy of the route that reported in it, if one did.
pub(crate) fn watch<R>(f: impl FnOnce() -> R) -> (R, Option<Source>) {
    let restore = Restore(WATCH.replace(Watch::Open));
    let result = f();
    let reported = match WATCH.get() {
        Watch::Reported(source) => Some(source),
        Watch::Open | Watch::Closed => None,
    };
    drop(restore);
    (result, reported)
}

/// Called by a route's CORS layer as a request reaches it: if a layer is watching, reports the
/// route's policy to it and returns `true`: the layer writes the headers. Only the first route
/// to report in a watch is taken (a request reaches one route); any other writes its own.
pub(crate) fn report(source: Source) -> bool {
    match WATCH.get() {
        Watch::Open => {
            WATCH.set(Watch::Reported(source));
            true
        }
        Watch::Closed | Watch::Reported(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{report, watch};
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
        let ((first, second), reported) = watch(|| (report(source), report(source)));
        assert!(first && !second);
        assert!(reported.is_some_and(|r| r.same(source)));
        let ((inner, outer_reports), outer) = watch(|| {
            // A watch inside a watch (a layer of another application called from a handler)
            // is its own, and the outer one is open again after it.
            let (_, inner) = watch(|| report(source));
            (inner, report(source))
        });
        assert!(inner.is_some() && outer_reports && outer.is_some());
        assert!(!report(source), "closed again");
    }

    #[test]
    fn a_panic_inside_closes_the_watch() {
        let source = source();
        let panicked = std::panic::catch_unwind(|| watch(|| panic!("handler panicked")));
        assert!(panicked.is_err());
        assert!(!report(source));
    }
}
