//! A route's own `guard`s on its preflights.
//!
//! Two `#[cors]` routes may share a path and a method and be told apart by their guards (one
//! per host, say): the actual request reaches the one whose guards accept it, so its preflight
//! must be answered by that route's policy, not by whichever was registered first. But a guard
//! may also look at what a preflight never carries (credentials, a custom header, the body's
//! type), and refuse every preflight of its route. So a route's guards choose among the routes
//! on its path, and never refuse a preflight alone: a route whose guards refuse one still
//! answers it, unless another `#[cors]` route of the application whose pattern matches the path
//! (`/items/{id}` beside `/items/{item_id}`, or `/members/{id}` beside `/members/me`), serving
//! the method asked for, has guards that accept it (or none). The router tries the routes in the
//! order of registration, so the first route whose guards accept a preflight answers it, or
//! else the first.

use std::cell::OnceCell;
use std::rc::{Rc, Weak};

use actix_web::dev::{ResourceMap, Url};
use actix_web::guard::{Guard, GuardContext};

use super::headers::requested_method;
use super::preflight::PreflightGuard;
use super::routes::{OwnGuards, Sibling, serves, siblings};

/// The guard of a `#[cors]` route's preflight service: [`PreflightGuard`], then the route's own
/// guards, if it has any, as the [module](self) says.
pub(crate) struct RoutePreflightGuard {
    preflight: PreflightGuard,
    /// The resource map node of the preflight service (see `routes::node`), which tells where
    /// the route sits among the others.
    node: Weak<ResourceMap>,
    guards: Rc<OwnGuards>,
    /// The other routes of the application, found on the first preflight the guards refuse.
    siblings: OnceCell<Vec<Sibling>>,
}

impl RoutePreflightGuard {
    /// The guard for the preflight service of a route whose node is `node`, with its own
    /// `guards` (perhaps none).
    pub(crate) fn new(preflight: PreflightGuard, node: &Rc<ResourceMap>, guards: Rc<OwnGuards>) -> Self {
        RoutePreflightGuard { preflight, node: Rc::downgrade(node), guards, siblings: OnceCell::new() }
    }
}

impl Guard for RoutePreflightGuard {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        if !self.preflight.check(ctx) {
            return false;
        }
        // Most routes have no guards of their own: nothing more to ask.
        if self.guards.accept(ctx) {
            return true;
        }
        let siblings =
            self.siblings.get_or_init(|| self.node.upgrade().map(|node| siblings(&node)).unwrap_or_default());
        let head = ctx.head();
        // The path as the router reads it, percent-encodings decoded (`/queue/%31` is
        // `/queue/1` to a `{n:\d+}` segment): a guard is not shown the router's copy.
        let path = Url::new(head.uri.clone());
        let method = requested_method(head);
        !siblings.iter().any(|other| {
            serves(other.methods, method) && other.pattern.is_match(path.path()) && other.guards.accept(ctx)
        })
    }
}
