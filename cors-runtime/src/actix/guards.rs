//! A route's own `guard`s on its preflights.
//!
//! Two `#[cors]` routes may share a path and a method and be told apart by their guards (one
//! per host, say): the actual request reaches the one whose guards accept it, so its preflight
//! must be answered by that route's policy, not by whichever was registered first. But a guard
//! may also look at what a preflight never carries (credentials, a custom header, the body's
//! type), and refuse every preflight of its route. So a route's guards choose among the routes
//! on its path, and never refuse a preflight alone: a route whose guards refuse one still
//! answers it, unless another `#[cors]` route of the application on the same path to the router
//! (`/items/{id}` and `/items/{item_id}` are one), serving the method asked for, has guards that
//! accept it (or none). The router tries the routes in the order of registration, so the first
//! route whose guards accept a preflight answers it, or else the first.

use std::any::Any;
use std::cell::{OnceCell, RefCell};
use std::rc::{Rc, Weak};

use actix_web::dev::ResourceMap;
use actix_web::guard::{Guard, GuardContext};

use super::headers::requested_method;
use super::preflight::PreflightGuard;
use super::routes::{OwnGuards, full_pattern_of, serves, shape};

/// A `#[cors]` route's preflight service as registered: what tells it apart from the other
/// routes on its path.
struct Registration {
    /// Its application (the default service's factory, which every scope of one application
    /// shares): kept alive, so that no other application can have its address meanwhile.
    app: Rc<dyn Any>,
    /// The resource map node of the preflight service, whose full pattern is the route's.
    node: Weak<ResourceMap>,
    /// The route's path as written.
    path: &'static str,
    methods: &'static [&'static str],
    guards: Rc<OwnGuards>,
    /// The shape of its full pattern (see `routes::shape`), once the application is built: a
    /// request for a path that one matches may reach any route of the same shape.
    shape: OnceCell<Option<String>>,
    /// The other routes of the application of the same shape, found on the first preflight the
    /// guards refuse.
    siblings: OnceCell<Vec<Weak<Registration>>>,
}

thread_local! {
    /// Every route registered on this thread (where each worker builds its application), as
    /// long as it lives.
    static REGISTERED: RefCell<Vec<Weak<Registration>>> = const { RefCell::new(Vec::new()) };
}

impl Registration {
    fn shape(&self) -> Option<&str> {
        let shape = || full_pattern_of(&*self.node.upgrade()?, self.path).map(|full| shape(&full));
        self.shape.get_or_init(shape).as_deref()
    }

    fn siblings(&self) -> &[Weak<Registration>] {
        self.siblings.get_or_init(|| {
            let Some(own) = self.shape() else { return Vec::new() };
            REGISTERED.with_borrow(|registered| {
                registered
                    .iter()
                    .filter(|other| {
                        other.upgrade().is_some_and(|other| {
                            !std::ptr::eq(&raw const *other, self)
                                && std::ptr::addr_eq(Rc::as_ptr(&other.app), Rc::as_ptr(&self.app))
                                && other.shape() == Some(own)
                        })
                    })
                    .cloned()
                    .collect()
            })
        })
    }
}

/// The guard of a `#[cors]` route's preflight service: [`PreflightGuard`], then the route's own
/// guards, if it has any, as the [module](self) says.
pub(crate) struct RoutePreflightGuard {
    preflight: PreflightGuard,
    route: Rc<Registration>,
}

impl RoutePreflightGuard {
    /// The guard for the preflight service of a route written `path`, serving `methods`, with
    /// `guards` (perhaps none), at `node` in the application whose default service factory is
    /// `app`.
    pub(crate) fn new(
        preflight: PreflightGuard,
        app: Rc<dyn Any>,
        node: &Rc<ResourceMap>,
        path: &'static str,
        methods: &'static [&'static str],
        guards: Rc<OwnGuards>,
    ) -> Self {
        let route = Rc::new(Registration {
            app,
            node: Rc::downgrade(node),
            path,
            methods,
            guards,
            shape: OnceCell::new(),
            siblings: OnceCell::new(),
        });
        REGISTERED.with_borrow_mut(|registered| {
            // Those of applications gone are let go here.
            registered.retain(|r| r.strong_count() > 0);
            registered.push(Rc::downgrade(&route));
        });
        RoutePreflightGuard { preflight, route }
    }
}

impl Guard for RoutePreflightGuard {
    fn check(&self, ctx: &GuardContext<'_>) -> bool {
        if !self.preflight.check(ctx) {
            return false;
        }
        // Most routes have no guards of their own: nothing more to ask.
        if self.route.guards.accept(ctx) {
            return true;
        }
        let method = requested_method(ctx.head());
        !self
            .route
            .siblings()
            .iter()
            .filter_map(Weak::upgrade)
            .any(|other| serves(other.methods, method) && other.guards.accept(ctx))
    }
}
