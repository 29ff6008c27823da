//! Where each `#[cors]` route and each scope made with `Cors::scope` sits in an application,
//! scope prefixes included, so that [`Layer`](super::Layer) can find a request's policy before
//! any other middleware runs.
//!
//! actix-web does not tell a service the prefix of the scopes around it. But a service can give
//! actix-web a one-node resource map of its own, named, which actix-web links into the
//! application's tree; once the application is built, `url_for` on that name walks the tree from
//! the root. `register_route` gives its preflight service such a node, under a name no other
//! node has (a route mounted twice has two), and records which route it stands for; from the
//! application's map, [`Routes::of`] reads back each of its nodes' full pattern: the
//! scope prefixes (their dynamic segments kept as segments, without their own regexes, which
//! `url_for` does not reveal) followed by the route's own pattern, exactly as written.
//!
//! A scope's middleware is never told where it is mounted either, and a resource map has no
//! place for middleware. `Cors::scope` therefore puts a node of the same kind into the scope,
//! under a path the router never takes a request to ([`SCOPE_MARK_START`]), whose full pattern less
//! that path is the scope's prefix.

use std::any::Any;
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use actix_web::HttpRequest;
use actix_web::dev::{ResourceDef, ResourceMap, ServiceRequest};
use actix_web::guard::{Guard, GuardContext};
use actix_web::http::uri::PathAndQuery;

use super::headers::judge_actual;
use super::segments::{self, Part};
use crate::bytes_map::BytesMap;
use crate::live::Source;
use crate::request::HeaderInput;

/// One `#[cors]` route as written: the same for every worker and every mount.
#[derive(Clone, Copy)]
pub(crate) struct Route {
    pub(crate) handler: &'static str,
    /// The name of the route's resource (the user's, or one `#[cors]` gave it).
    pub(crate) name: &'static str,
    pub(crate) path: &'static str,
    pub(crate) methods: &'static [&'static str],
    pub(crate) source: Source,
}

/// Whether a route serving `methods` serves `method` (compared byte for byte, as browsers send
/// it).
pub(crate) fn serves(methods: &[&str], method: &[u8]) -> bool {
    methods.iter().any(|served| same_method(served.as_bytes(), method))
}

/// Whether `a` and `b` are the same method name. Standard names are 3 to 7 bytes long, compared
/// here as two overlapping 4-byte words (or three bytes) instead of through the call slice
/// equality makes, which cost 36 instructions per request in the layer's route lookup.
#[inline]
fn same_method(a: &[u8], b: &[u8]) -> bool {
    let len = a.len();
    if len != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u32::from_ne_bytes([s[at], s[at + 1], s[at + 2], s[at + 3]]);
    match len {
        0 => true,
        // Every byte of a name of one to three is at one of these.
        1..=3 => a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1],
        4..=7 => word(a, 0) == word(b, 0) && word(a, len - 4) == word(b, len - 4),
        _ => a == b,
    }
}

impl Route {
    fn same(&self, other: &Route) -> bool {
        std::ptr::eq(self.handler, other.handler)
            && self.name == other.name
            && std::ptr::eq(self.path, other.path)
            && std::ptr::eq(self.methods, other.methods)
            && self.source.same(other.source)
    }
}

/// A route's own `guard`s (perhaps none), which choose among the routes on its path (see
/// `guards`).
pub(crate) struct OwnGuards(pub(crate) Vec<Box<dyn Guard>>);

impl OwnGuards {
    /// Whether they all accept the request in `ctx`.
    pub(crate) fn accept(&self, ctx: &GuardContext<'_>) -> bool {
        self.0.iter().all(|guard| guard.check(ctx))
    }
}

/// Every `#[cors]` route registered in this process, once each: as many as the program has.
static TABLE: Mutex<Vec<Route>> = Mutex::new(Vec::new());

/// A scope made with `Cors::scope`: its path as written and its policy.
#[derive(Clone)]
struct ScopeEntry {
    path: String,
    source: Source,
}

/// Every `Cors::scope` registered in this process, once each.
static SCOPES: Mutex<Vec<ScopeEntry>> = Mutex::new(Vec::new());

/// What a node made by [`named_node`] stands for.
enum Entry {
    /// The route at this index of [`TABLE`], with its own guards, in the application whose
    /// default service factory is `app` (which every scope of one application shares; the
    /// weak reference keeps its address from being reused while the node lives).
    Route { index: usize, guards: Rc<OwnGuards>, app: Weak<dyn Any> },
    /// The scope at this index of [`SCOPES`], and whether a `Cors` middleware of another
    /// policy, not a `Cors::scope`'s, was built inside it (see [`ScopeMount`]).
    Scope { index: usize, holds_other_cors: Rc<Cell<bool>> },
}

/// The path of the node `Cors::scope` puts into its scope, first among its services. The
/// resource map, asked for a request's path under the scope's prefix followed by it, goes
/// where the router goes with paths under that prefix: into the first scope registered whose
/// prefix matches there (a sibling `/api/{version}` before `/api`, but not `/api/`, which
/// takes only paths with an empty segment after `/api`), and to the node if that is the
/// scope. A resource in front matches it only if it has a catch-all segment, which takes the
/// request's path as well, or three dynamic segments or more right below the prefix
/// (`/api/{name}` before `/api` does not hide the scope). No request reaches the node: its
/// guard accepts none, since the router matches the path with its escapes decoded (`%00`).
///
/// Each scope's mark has its own middle segment ([`scope_mark`]): a `Cors::scope("")` inside
/// another has the same full prefix, and only its own mark leads the map into it, past the
/// outer one's.
const SCOPE_MARK_START: &str = "/\0strict-cors-scope/\0";

/// The mark of the `Cors::scope` registered as `index` (see [`SCOPE_MARK_START`]).
fn scope_mark(index: usize) -> String {
    format!("{SCOPE_MARK_START}{index}/\0")
}

/// The resource map `register_route` hands actix-web for `route`'s preflight service at
/// `pattern`: a node of its own, recorded as standing for `route`, with its own `guards`, in
/// the application whose default service factory is `app`.
pub(crate) fn node(pattern: &str, route: Route, guards: Rc<OwnGuards>, app: &Rc<dyn Any>) -> Rc<ResourceMap> {
    let index = {
        let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
        table.iter().position(|r| r.same(&route)).unwrap_or_else(|| {
            table.push(route);
            table.len() - 1
        })
    };
    named_node(pattern, Entry::Route { index, guards, app: Rc::downgrade(app) })
}

/// The resource map for the node `Cors::scope` registers in a scope written with `path`, under
/// `source`, and the pattern to register it at: the scope's mark. `holds_other_cors` is raised
/// while the scope is built if a `Cors` middleware of another policy is built inside it.
pub(crate) fn scope_node(
    path: &str,
    source: Source,
    holds_other_cors: Rc<Cell<bool>>,
) -> (Rc<ResourceMap>, String) {
    let index = {
        let mut scopes = SCOPES.lock().unwrap_or_else(PoisonError::into_inner);
        scopes.iter().position(|s| s.path == path && s.source.same(source)).unwrap_or_else(|| {
            scopes.push(ScopeEntry { path: path.to_owned(), source });
            scopes.len() - 1
        })
    };
    let mark = scope_mark(index);
    (named_node(&mark, Entry::Scope { index, holds_other_cors }), mark)
}

fn named_node(pattern: &str, entry: Entry) -> Rc<ResourceMap> {
    static NODES: AtomicUsize = AtomicUsize::new(0);
    let name = format!("__strict_cors_{}", NODES.fetch_add(1, Ordering::Relaxed));
    let mut map = ResourceMap::new(ResourceDef::new(pattern));
    let mut named = ResourceDef::new("");
    named.set_name(name.as_str());
    map.add(&mut named, None);
    let node = Rc::new(map);
    MOUNTED.with_borrow_mut(|mounted| {
        // The application holds its nodes: those of applications gone are let go here.
        mounted.retain(|mount| mount.node.strong_count() > 0);
        mounted.push(Mount { node: Rc::downgrade(&node), entry, name, full: OnceCell::new() });
    });
    node
}

/// A node made by [`named_node`], for the entry it stands for.
struct Mount {
    node: Weak<ResourceMap>,
    entry: Entry,
    name: String,
    /// For a route, its full pattern (see [`siblings`]), once asked for.
    full: OnceCell<Option<String>>,
}

thread_local! {
    /// The nodes made for applications built on this thread (where each worker builds its
    /// own), as long as they live.
    static MOUNTED: RefCell<Vec<Mount>> = const { RefCell::new(Vec::new()) };
}

/// A `#[cors]` route or a `Cors::scope`, where an application mounts it.
pub(crate) enum Mounted {
    /// A route and its full pattern.
    Route(Route, FullPattern),
    /// A scope's full prefix, its policy, its mark, and whether a `Cors` middleware of another
    /// policy was built inside it.
    Scope(String, Source, String, bool),
}

/// A node's pattern with the prefixes of the scopes it is mounted in.
pub(crate) struct FullPattern {
    pub(crate) pattern: String,
    /// Whether those scopes have no dynamic segments (whose own regexes `pattern` does not
    /// have).
    pub(crate) fixed_prefix: bool,
    /// How many bytes of `pattern` are the scopes' prefixes.
    pub(crate) prefix_len: usize,
}

/// The `#[cors]` routes and `Cors::scope`s of the applications built on this thread and still
/// alive, each with its full pattern, scope prefixes included.
pub(crate) fn mounted_here() -> Vec<Mounted> {
    mounted(None).into_iter().map(|node| node.mounted).collect()
}

/// A request for `url_for`, which takes the scheme and host of the URL it makes from one: the
/// path, all that is read here, does not depend on them. Never a client's, whose `Host` (or
/// `Forwarded` header) may make no URL at all.
fn url_base() -> HttpRequest {
    actix_web::test::TestRequest::default().to_http_request()
}

/// Another `#[cors]` route of an application, on paths of the same shape as a route's.
pub(crate) struct Sibling {
    pub(crate) methods: &'static [&'static str],
    pub(crate) guards: Rc<OwnGuards>,
    /// Its full pattern (its scopes' segments without their regexes), which a path must match
    /// for the router to reach it.
    pub(crate) pattern: ResourceDef,
}

/// The other `#[cors]` routes of the application of the route whose node (made by [`node`]) is
/// `node`: a request for a path several of them match may reach any of them, by their guards
/// (those of one pattern's shape, `/items/{id}` and `/items/{item_id}`, and of others:
/// `/members/me` and `/members/{id}`). Once the application is built.
pub(crate) fn siblings(node: &ResourceMap) -> Vec<Sibling> {
    let table = TABLE.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let request = url_base();
    // A route's full pattern, found once per mount, with its application and the route, if
    // its node lives.
    let route_of = |mount: &Mount| {
        let Entry::Route { index, app, guards } = &mount.entry else { return None };
        let route = *table.get(*index)?;
        let full = mount.full.get_or_init(|| {
            let node = mount.node.upgrade()?;
            Some(mounted_pattern(&node, &request, &mount.name, route.path)?.pattern)
        });
        Some((full.clone()?, app.as_ptr(), route, Rc::clone(guards)))
    };
    MOUNTED.with_borrow(|mounted| {
        let Some(own) = mounted.iter().find(|mount| std::ptr::eq(mount.node.as_ptr(), node)) else {
            return Vec::new();
        };
        let Some((_, own_app, ..)) = route_of(own) else { return Vec::new() };
        mounted
            .iter()
            .filter(|other| !std::ptr::eq(*other, own))
            .filter_map(route_of)
            .filter(|(_, app, ..)| std::ptr::addr_eq(*app, own_app))
            .map(|(full, _, route, guards)| Sibling {
                methods: route.methods,
                guards,
                pattern: ResourceDef::new(full.as_str()),
            })
            .collect()
    })
}

/// A node made by [`named_node`], as an application mounts it.
struct MountedNode {
    mounted: Mounted,
    /// A route's own guards.
    guards: Option<Rc<OwnGuards>>,
    name: String,
    node: Weak<ResourceMap>,
}

/// What [`mounted_here`] says, for the one application whose resource map is `map` if given, in
/// the order of registration, each route with its own guards, and its node.
fn mounted(map: Option<&ResourceMap>) -> Vec<MountedNode> {
    let request = &url_base();
    let table = TABLE.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let scopes = SCOPES.lock().unwrap_or_else(PoisonError::into_inner).clone();
    MOUNTED.with_borrow(|mounted| {
        mounted
            .iter()
            .filter_map(|mount| {
                let node = mount.node.upgrade()?;
                // Names are unique: another application's nodes are not in `map`.
                let map = map.unwrap_or(&node);
                let (mounted, guards) = match &mount.entry {
                    Entry::Route { index, guards, .. } => {
                        let route = table.get(*index).copied()?;
                        let full = mounted_pattern(map, request, &mount.name, route.path)?;
                        (Mounted::Route(route, full), Some(Rc::clone(guards)))
                    }
                    Entry::Scope { index, holds_other_cors } => {
                        let scope = scopes.get(*index)?;
                        let mark = scope_mark(*index);
                        let prefix = mounted_prefix(map, request, &mount.name, &mark)?;
                        (Mounted::Scope(prefix, scope.source, mark, holds_other_cors.get()), None)
                    }
                };
                Some(MountedNode {
                    mounted,
                    guards,
                    name: mount.name.clone(),
                    node: Weak::clone(&mount.node),
                })
            })
            .collect()
    })
}

/// The full pattern of the node named `name` (written `relative`), as mounted in the application
/// whose resource map is `map`, or `None` if it is not mounted there.
fn mounted_pattern(
    map: &ResourceMap,
    request: &HttpRequest,
    name: &str,
    relative: &str,
) -> Option<FullPattern> {
    let url = map.url_for(request, name, std::iter::repeat(SEGMENT)).ok()?;
    full_pattern(&percent_decode(url.path()), relative)
}

/// The full prefix of a `Cors::scope` from its node, at `mark`.
fn mounted_prefix(map: &ResourceMap, request: &HttpRequest, name: &str, mark: &str) -> Option<String> {
    let full = mounted_pattern(map, request, name, mark)?;
    full.pattern.strip_suffix(mark).map(str::to_owned)
}

/// The routes that share one full pattern: siblings on one path, each for its own methods.
struct Group {
    pattern: String,
    /// The pattern as a resource definition, which a request's path is matched against (and
    /// which tells apart the mounts of a handler mounted at several places, whose resources
    /// share its name).
    def: ResourceDef,
    /// The pattern with every dynamic segment written `{}`: what it has in common with the
    /// pattern the application's resource map holds for the same resource.
    shape: String,
    /// Whether the scopes around the routes have no dynamic segments (whose own regexes the
    /// pattern does not have).
    fixed_prefix: bool,
    routes: Vec<Route>,
    /// For each of `routes`, where it comes in registration order, and its own guards.
    members: Vec<Member>,
    /// The other groups of the same shape (`/items/{id}` and `/items/{item_id}`), whose routes
    /// a request for the same path may reach instead, by their guards.
    peers: Vec<usize>,
    /// What the application's map finds on paths of the pattern.
    on_map: OnMap,
    /// Whether its routes and its peers' sit under prefixes the map holds apart (or unknown).
    prefixes_differ: bool,
    /// Whether one of its routes or its peers' has guards of its own: most have none, and a
    /// request reaches them as far as their guards go.
    guarded: bool,
}

/// What the application's resource map finds on paths of a [`Group`]'s pattern, and of its
/// peers'.
#[derive(Clone, Copy)]
struct OnMap {
    /// Which resource it finds first on a path of the pattern.
    first_on_paths: FirstOnPaths,
    /// Whether the route it finds first on a path of the pattern is one of the group's own (not
    /// a peer's, nor any other resource's).
    found_itself: bool,
}

impl OnMap {
    /// Before the map is asked: nothing found.
    const UNKNOWN: OnMap = OnMap { first_on_paths: FirstOnPaths::Other, found_itself: false };
}

/// A route's full pattern as the application's map holds it.
#[derive(Clone)]
struct InScope {
    /// The whole pattern, its scopes' segments with their regexes, which a request's path is
    /// matched against where those regexes matter.
    def: ResourceDef,
    /// How long the prefix of the scopes around it is in that pattern (`/t/{tenant:[a-z]+}`).
    prefix_len: usize,
}

impl InScope {
    fn pattern(&self) -> &str {
        self.def.pattern().unwrap_or_default()
    }

    /// The prefix of the scopes around it.
    fn prefix(&self) -> &str {
        &self.pattern()[..self.prefix_len]
    }
}

/// Which resource the application's map finds first on a path of a [`Group`]'s pattern.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FirstOnPaths {
    /// The first of its routes and its peers' in registration order.
    First,
    /// Another of them: the first sits in a scope whose segments' regexes refuse some paths
    /// its pattern matches, and which of them a request reaches depends on the path as only
    /// the router knows.
    Peer,
    /// A scope or resource registered before them (or none), which takes such paths.
    Other,
}

/// What [`Routes::route`] found for a request.
#[derive(Clone, Copy)]
pub(crate) enum Lookup<'a> {
    /// No `#[cors]` route on the path serves the method.
    Nothing,
    /// The one that does.
    Route(Reached<'a>),
    /// Several do, under different policies, told apart by their guards (one per host, say):
    /// which one the request reaches, only the router knows.
    Undecided,
}

impl Group {
    /// Whether the router has read the whole path once it reaches `route`, one of the group's:
    /// unless the route's own pattern is empty (at a scope's prefix, which reads it all).
    fn whole_path_tells(&self, route: &Route) -> bool {
        !route.path.is_empty() || self.pattern == "/"
    }

    /// The pattern as the application's map holds it, its scopes' regexes included, if known:
    /// its first route's (see [`held`]).
    fn in_scope(&self) -> Option<&InScope> {
        self.members.first()?.held.as_ref()
    }

    /// Its routes serving `method`.
    fn serving<'a, 'm>(&'a self, method: &'m [u8]) -> impl Iterator<Item = &'a Route> + use<'a, 'm> {
        self.routes.iter().filter(move |route| serves(route.methods, method))
    }
}

/// A route of a [`Group`] as the router tries it.
struct Member {
    /// Its place in the order of registration, in which the router tries routes.
    order: usize,
    guards: Rc<OwnGuards>,
    /// The name of the node its preflight service has in the resource map.
    node_name: String,
    /// That node, which knows the regexes of the scopes' segments around it.
    node: Weak<ResourceMap>,
    /// The prefixes of the scopes around it, their segments without their regexes.
    prefix: ResourceDef,
    /// Their length, where they have no dynamic segments: what they take of every path.
    fixed_prefix_len: Option<usize>,
    /// Its full pattern as the application's map holds it, if known (see [`held`]).
    held: Option<InScope>,
    /// What the map finds on a path of its pattern: its group's, shared by the group's routes.
    on_own_path: Option<Rc<OnOwnPath>>,
}

/// A path of a [`Group`]'s pattern, each segment a value its regex accepts, and whether the
/// map finds there one of the routes on patterns of its shape (its own, or one before it that
/// the router may go past).
struct OnOwnPath {
    path: String,
    family_found: bool,
}

impl Member {
    /// Whether `pattern`, which the application's resource map gives for `path`, is this
    /// route's full pattern, the regexes of its scopes' segments included: the same node, or
    /// one in the same place.
    fn is_at(&self, path: &str, pattern: &str) -> bool {
        let Some((node, matched)) = self.node.upgrade().zip(self.prefix.find_match(path)) else {
            return false;
        };
        node.match_pattern(&path[matched..]).is_some_and(|own| own == pattern)
    }
}

/// A route [`Routes::route`] found for a request.
#[derive(Clone, Copy)]
pub(crate) struct Reached<'a> {
    pub(crate) route: &'a Route,
    pub(crate) reach: Reach,
    /// What the router's reading of the path tells of whether it went elsewhere.
    pub(crate) routed: Routed,
}

/// For a route found for a request before the router ran, what the part of the path the router
/// read tells once it has: whether it went elsewhere than the route, so that a response the
/// route did not answer for came from something else than what stands in front of it (an
/// auth layer's refusal).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Routed {
    /// How much of the path the scopes around the route take. The router read more when it
    /// went into another scope, registered before the route's on a longer prefix
    /// (`web::scope("/api/v1")` before a route on `/v1/orders` in `web::scope("/api")`), whose
    /// default service answered: the route is never reached on that path.
    scopes_take: usize,
    /// Whether reading the whole path means the router reached a resource (which, not having
    /// been the route, is another): unless the route's own pattern is empty, where a scope's
    /// prefix may be the whole path.
    whole_path_tells: bool,
}

impl Routed {
    /// Whether the router, having read `path` up to what it leaves `unprocessed`, went
    /// elsewhere than the route.
    pub(crate) fn elsewhere(&self, path: &str, unprocessed: &str) -> bool {
        let read = path.len().saturating_sub(unprocessed.len());
        read > self.scopes_take || (self.whole_path_tells && unprocessed.is_empty())
    }

    /// For a request whose route is unknown: nothing the router read tells.
    pub(crate) const UNKNOWN: Routed = Routed { scopes_take: usize::MAX, whole_path_tells: false };
}

/// What [`Routes::find`] makes of a path.
enum Place {
    /// The group of `#[cors]` routes the router reaches there, and how sure that is.
    Group(usize, Reach),
    /// A group's pattern matches the path, but the map finds a resource of another pattern first
    /// there.
    Behind,
    /// No group is reached there.
    Nowhere,
}

/// How sure [`Routes::route`] is that a request reaches the route it found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The first resource on the path is the route's own, or has its pattern.
    OnPath,
    /// The resource map found no resource for the path, and the route's pattern matches it.
    Past,
}

/// The `Cors::scope` a request's path is under.
#[derive(Clone, Copy)]
pub(crate) struct UnderScope {
    pub(crate) source: Source,
    /// How much of the path the scope's prefix takes. Something registered before the scope on
    /// a path under its prefix may take the request instead, which the map, finding the scope's
    /// mark, does not show: a resource (`/api/health` before `Cors::scope("/api")`), or a scope
    /// on a longer prefix (`/api/v2`), whose default service or 404 answers. Only the router's
    /// reading more of the path than the prefix takes, while the request never reached the
    /// scope's middleware (which stands in front of everything in the scope, its routing too),
    /// tells it.
    pub(crate) routed: Routed,
    /// Whether a `Cors` middleware of another policy, not a `Cors::scope`'s, is inside the
    /// scope: where, the map does not show, so the scope's policy may not be the innermost.
    pub(crate) holds_other_cors: bool,
}

/// A `Cors::scope` of one application: every path under `prefix` the router takes into it is
/// its.
struct ScopeMount {
    /// The scope's full prefix, its dynamic segments without their own regexes (`url_for` does
    /// not tell them).
    prefix: ResourceDef,
    source: Source,
    /// The name of the node `Cors::scope` put into the scope, at its mark.
    node_name: String,
    /// The scope's mark (see [`SCOPE_MARK_START`]).
    mark: String,
    /// Whether a `Cors` middleware of another policy, not a `Cors::scope`'s, was built inside
    /// the scope (`web::scope("/inner").wrap(Cors::new(&Q))` among its services): actix-web
    /// builds a scope's services, then its middleware, so such middleware is built between
    /// the scope's first service (its mark's) and its own `Cors`.
    holds_other_cors: bool,
}

impl ScopeMount {
    /// How much of `path` the scope's prefix takes, if a request for it is under the scope, in the application whose resource map
    /// is `map`: under its prefix, and taken into the scope by the map, which tries scopes in
    /// the router's order and knows their segments' regexes. A scope registered before it whose
    /// prefix is a part of its own (`/api` before `/api/v1`) takes the path first, and the
    /// router never looks further. (A resource registered before it on the same path may
    /// still, by guards the map does not run.)
    fn reaches(&self, map: &ResourceMap, path: &str) -> Option<usize> {
        let matched = self.prefix.find_match(path)?;
        // The path's part under the prefix, followed by the scope's own node, must lead to that
        // node.
        with_mark(&path[..matched], &self.mark, |probe| {
            map.match_name(probe) == Some(self.node_name.as_str())
        })
        .then_some(matched)
    }
}

/// `f` given `prefix` followed by `mark`: made on the stack when it fits, so that a request
/// under a scope allocates nothing.
fn with_mark<R>(prefix: &str, mark: &str, f: impl FnOnce(&str) -> R) -> R {
    const ROOM: usize = 256;
    let len = prefix.len() + mark.len();
    if len <= ROOM {
        let mut buf = [0u8; ROOM];
        buf[..prefix.len()].copy_from_slice(prefix.as_bytes());
        buf[prefix.len()..len].copy_from_slice(mark.as_bytes());
        // Two strings joined: always UTF-8.
        if let Ok(probe) = std::str::from_utf8(&buf[..len]) {
            return f(probe);
        }
    }
    f(&[prefix, mark].concat())
}

/// The `#[cors]` routes of one application, by full pattern, in registration order, and its
/// `Cors::scope`s, in the order of registration.
pub(crate) struct Routes {
    groups: Vec<Group>,
    /// The group a request reaches, looked up once per path for every full pattern without
    /// dynamic segments: such a pattern matches that one path only, and the answer depends on
    /// the path alone. Most requests are settled here by one hash of their path instead of a
    /// walk through the application's resource map (a pattern match per node).
    statics: BytesMap<Static>,
    /// Whether some group has dynamic segments: a path not in `statics` may still reach it.
    dynamic: bool,
    /// Whether the route a request reaches follows from its path and method alone, and its
    /// policy from the route: every route is alone on a path without dynamic segments (see
    /// [`Static::alone`]) and has a fixed policy, and no `Cors::scope` answers for a path. Then
    /// neither the request nor the time of the search matters.
    by_path: bool,
    scopes: Vec<ScopeMount>,
    /// Whether some policy here may allow any origin (a live one may come to): its answer to a
    /// request without `Origin` is more than a `Vary`.
    any_origin: bool,
}

/// What [`Routes::statics`] holds for a path: the group a request for it reaches, and, where that
/// group is one route alone (no peers, no guards of its own, under prefixes without dynamic
/// segments), what the router's reading of the path tells of an actual request to it: such a
/// route is found by the path and the method alone, without the steps that tell routes apart.
#[derive(Clone, Copy)]
struct Static {
    found: Option<(usize, Reach)>,
    alone: Option<Routed>,
}

/// The longest path walked through the resource map, in bytes. Matching a path against every
/// pattern of an application costs time in proportion to its length (with actix-web's
/// `regex-lite` matcher, about 0.2 ms per KB per pattern), and happens before any auth runs:
/// a longer one, which no page of a real application fetches, is left to routing, as without
/// CORS middleware.
const WALKED_PATH_MAX: usize = 2048;

/// Stands for each dynamic segment when the full path is generated.
const SEGMENT: &str = segments::PLACEHOLDER;

/// How a scope's dynamic segment starts in a full pattern (`{segment_1}`): without the scope's
/// own regex, which `url_for` does not reveal.
const SCOPE_SEGMENT: &str = "{segment_";

impl Routes {
    /// The `#[cors]` routes of the application serving `request`. Built once per worker, on its
    /// first request: the application's resource map is complete by then.
    pub(crate) fn of(request: &HttpRequest) -> Routes {
        let map = request.resource_map();
        let mut groups: Vec<Group> = Vec::new();
        let mut scopes: Vec<ScopeMount> = Vec::new();
        for (order, MountedNode { mounted, guards, name, node }) in mounted(Some(map)).into_iter().enumerate()
        {
            match mounted {
                Mounted::Route(route, FullPattern { pattern: full, fixed_prefix, prefix_len }) => {
                    let guards = guards.unwrap_or_else(|| Rc::new(OwnGuards(Vec::new())));
                    let prefix = ResourceDef::root_prefix(&full[..prefix_len]);
                    let member = Member {
                        order,
                        guards,
                        node_name: name,
                        node,
                        prefix,
                        fixed_prefix_len: fixed_prefix.then_some(prefix_len),
                        held: None,
                        on_own_path: None,
                    };
                    match groups.iter_mut().find(|g| g.pattern == full) {
                        Some(group) => {
                            group.fixed_prefix &= fixed_prefix;
                            group.routes.push(route);
                            group.members.push(member);
                        }
                        None => groups.push(Group {
                            def: ResourceDef::new(full.as_str()),
                            shape: shape(&full),
                            pattern: full,
                            fixed_prefix,
                            routes: vec![route],
                            members: vec![member],
                            peers: Vec::new(),
                            on_map: OnMap::UNKNOWN,
                            prefixes_differ: true,
                            guarded: false,
                        }),
                    }
                }
                Mounted::Scope(prefix, source, mark, holds_other_cors) => {
                    if holds_other_cors {
                        warn_other_cors_inside(&prefix);
                    }
                    scopes.push(ScopeMount {
                        prefix: ResourceDef::root_prefix(&prefix),
                        source,
                        node_name: name,
                        mark,
                        holds_other_cors,
                    });
                }
            }
        }
        place_on_map(&mut groups, map);
        let any_origin = groups
            .iter()
            .flat_map(|group| &group.routes)
            .map(|route| route.source)
            .chain(scopes.iter().map(|scope| scope.source))
            .any(|source| matches!(source, Source::Live(_)) || source.current().allows_any_origin());
        let mut routes = Routes {
            groups,
            statics: BytesMap::new(Vec::new()),
            dynamic: false,
            by_path: false,
            scopes,
            any_origin,
        };
        let mut statics = Vec::new();
        for group in &routes.groups {
            let pattern = group.pattern.as_str();
            if !pattern.contains('{') && group.def.is_match(pattern) {
                let found = match routes.find(map, pattern) {
                    Place::Group(index, reach) => Some((index, reach)),
                    Place::Behind | Place::Nowhere => None,
                };
                let alone = found.and_then(|(index, _)| routes.alone(index));
                statics.push((pattern.as_bytes().into(), Static { found, alone }));
            } else {
                routes.dynamic = true;
            }
        }
        routes.statics = BytesMap::new(statics);
        // Fixed policies too: a live one answers for a response no route answered for as it was
        // when the request reached the layer, which, the route not known, could not read it.
        routes.by_path = !routes.dynamic
            && routes.scopes.is_empty()
            && (0..routes.groups.len()).all(|index| routes.alone(index).is_some())
            && routes
                .groups
                .iter()
                .flat_map(|group| &group.routes)
                .all(|route| matches!(route.source, Source::Fixed(_)));
        routes
    }

    /// Whether the application has no `#[cors]` route.
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// The `#[cors]` route serving `method` that a request for `request`'s path reaches, and how
    /// sure that is (see [`find`](Routes::find)). Where several routes on the path serve it
    /// under different policies, each told apart by guards of its own (one per host, say), the
    /// first whose guards accept the request, as the router picks; for a `preflight`, whose
    /// guards see less than the actual request will show, the first if none does.
    pub(crate) fn route(&self, request: &HttpRequest, method: &[u8], preflight: bool) -> Lookup<'_> {
        // The path the router matches: percent-escapes of characters that need none decoded.
        self.lookup(Some(request), request.match_info().as_str(), method, preflight)
    }

    /// In an application whose routes are found by the path and the method alone (see
    /// [`by_path`](Routes::by_path)), the path of `request` as the router matches it, kept for
    /// [`route_by_path`](Routes::route_by_path): where the route reports while the layer calls
    /// it (most requests), the search is never needed. A reference to the request's own copy of
    /// the path, which the router reads as it is unless it holds escapes it decodes (then the
    /// search is made now).
    #[inline]
    pub(crate) fn path_for_later(&self, request: &HttpRequest) -> Option<PathAndQuery> {
        if !self.by_path {
            return None;
        }
        let (read, kept) = (request.match_info().as_str(), request.uri().path_and_query()?);
        // The very string the router reads: not a copy with escapes decoded, nor the `/` an
        // empty path stands for (a URI with no path at all, which the router reads as empty).
        let own = kept.path();
        (read.as_ptr() == own.as_ptr() && read.len() == own.len()).then(|| kept.clone())
    }

    /// [`route`](Routes::route) for an actual request for `path` (from
    /// [`path_for_later`](Routes::path_for_later)), in an application whose routes are found by
    /// the path and the method alone.
    pub(crate) fn route_by_path(&self, path: &str, method: &[u8]) -> Lookup<'_> {
        self.lookup(None, path, method, false)
    }

    /// [`route`](Routes::route) for `request`, whose path the router reads as `path`; without the
    /// request, as far as `path` and `method` tell (where they do not, undecided).
    fn lookup(
        &self,
        request: Option<&HttpRequest>,
        path: &str,
        method: &[u8],
        preflight: bool,
    ) -> Lookup<'_> {
        let entry = self.statics.get(path.as_bytes());
        // One route alone on the path, which serves the method: what the search finds. Kept
        // apart from it, so that most requests pay for no more than this.
        if let Some(&Static { found: Some((index, reach)), alone: Some(routed) }) = entry {
            let route = &self.groups[index].routes[0];
            if serves(route.methods, method) {
                let routed = if preflight { Routed { scopes_take: usize::MAX, ..routed } } else { routed };
                return Lookup::Route(Reached { route, reach, routed });
            }
        }
        self.search(request, path, entry, method, preflight)
    }

    /// [`lookup`](Routes::lookup) for a path whose entry in [`statics`](Routes::statics) (if any)
    /// is `entry`, and does not settle it.
    #[inline(never)]
    fn search(
        &self,
        request: Option<&HttpRequest>,
        path: &str,
        entry: Option<&Static>,
        method: &[u8],
        preflight: bool,
    ) -> Lookup<'_> {
        let found = match entry {
            Some(&Static { found: Some((index, reach)), .. }) => Place::Group(index, reach),
            // The path of a group's own pattern, where the map finds something else first.
            Some(_) => Place::Behind,
            None if self.dynamic && path.len() > WALKED_PATH_MAX => return Lookup::Undecided,
            None if self.dynamic => match request {
                Some(request) => self.find(request.resource_map(), path),
                None => return Lookup::Undecided,
            },
            None => Place::Nowhere,
        };
        let (mut index, reach) = match found {
            Place::Group(index, reach) => (index, reach),
            // A route whose pattern matches the path serves the method, behind what the map finds
            // first there (a resource for other methods registered before it, say), which the
            // router may go past by its guards: which answers, only the router knows. (So a
            // policy around both, a `Cors::scope`'s, never answers for the route.)
            Place::Behind if self.serving_on(path, method).next().is_some() => return Lookup::Undecided,
            Place::Behind | Place::Nowhere => return Lookup::Nothing,
        };
        let (mut route, undecided) = loop {
            let group = &self.groups[index];
            // Most paths have one group, whose routes need no chaining to others'.
            let found = if group.peers.is_empty() {
                first_and_others(group.serving(method))
            } else {
                let peers = self.peers_on(index, path).flat_map(|peer| self.groups[peer].serving(method));
                first_and_others(group.serving(method).chain(peers))
            };
            // Where every route here that serves the method refuses the request by guards of its
            // own (another host's, say), the router goes past them too.
            // (Without the request, where no route has guards of its own, none is.)
            let refused = |&(_, undecided): &(&Route, bool)| {
                !undecided
                    && group.guarded
                    && request.is_some_and(|request| !self.guards_let_through(index, request, method))
            };
            match found {
                Some(found) if !refused(&found) => break found,
                _ => {}
            }
            match (self.past(index, path, method, preflight), found) {
                (Some(next), _) => index = next,
                // Another `#[cors]` route on the path serves the method, behind something the
                // map shows first there (another route on a pattern of the same shape, say),
                // which the router may go past: which answers, only the router knows.
                (None, _) if self.others_serve(index, path, method) => return Lookup::Undecided,
                // Guards see less on a preflight than the actual request will show (its
                // headers): the first route answers it, as it would without them.
                (None, Some(found)) if preflight => break found,
                // Refused by all: what answers is not theirs.
                (None, _) => return Lookup::Nothing,
            }
        };
        let group = &self.groups[index];
        if undecided {
            match request.and_then(|request| self.choose(index, request, method, preflight)) {
                Some(chosen) => route = chosen,
                None => return Lookup::Undecided,
            }
        }
        // Routes of one pattern as written may sit in scopes whose segments' regexes tell them
        // apart (`/t/{t:[a-z]+}` and `/t/{any}`): the route is reached only in the scope the
        // map takes the path into.
        // A preflight needs the route's place only for that.
        let member = if preflight && !group.prefixes_differ { None } else { self.member(index, route) };
        if group.prefixes_differ && !request.is_some_and(|request| in_scope_taken(member, request)) {
            return Lookup::Undecided;
        }
        let whole_path_tells = group.whole_path_tells(route);
        // Only responses to actual requests are told apart by it: the layer answers preflights
        // before the router runs.
        let scopes_take = match member {
            _ if preflight => usize::MAX,
            Some(member) => {
                member.fixed_prefix_len.or_else(|| member.prefix.find_match(path)).unwrap_or(path.len())
            }
            None => path.len(),
        };
        Lookup::Route(Reached { route, reach, routed: Routed { scopes_take, whole_path_tells } })
    }

    /// For group `index` if it is one route alone, with no peers, no guards of its own, under
    /// scopes without dynamic segments: what [`route`](Routes::route) finds for an actual request
    /// it serves, on its path.
    fn alone(&self, index: usize) -> Option<Routed> {
        let group = &self.groups[index];
        let ([route], [member]) = (group.routes.as_slice(), group.members.as_slice()) else { return None };
        if !group.peers.is_empty() || group.guarded || group.prefixes_differ {
            return None;
        }
        Some(Routed {
            scopes_take: member.fixed_prefix_len?,
            whole_path_tells: group.whole_path_tells(route),
        })
    }

    /// The route of group `index` or a peer that `route` is.
    #[inline]
    fn member(&self, index: usize, route: &Route) -> Option<&Member> {
        let in_group = |group: &Group| group.routes.iter().position(|r| std::ptr::eq(r, route));
        let group = &self.groups[index];
        // Most groups have one route, and no peers.
        if let Some(at) = in_group(group) {
            return group.members.get(at);
        }
        group
            .peers
            .iter()
            .find_map(|&g| in_group(&self.groups[g]).and_then(|at| self.groups[g].members.get(at)))
    }

    /// The group whose routes a request for `path` and `method` reaches when none of group
    /// `index`'s serves the method: each `#[cors]` route's resource has its methods' guard, so
    /// the router goes past them (`/users/me` for `GET`) to the next resource on the path, in
    /// the same scope or one further in (`/users/{id}` for `PATCH`). The next group in the
    /// order of registration there that serves the method, if its scopes have no dynamic
    /// segments or the map shows it in this group's scopes or ones inside (with their
    /// segments' regexes, which match the path), and the map finds it first on a path of its
    /// own pattern: no scope or other resource registered before it takes such paths (as a
    /// `web::scope("/users")` between the two would), which, behind another route found first
    /// there, the map could not show. None for a preflight where a route of
    /// the group serves `OPTIONS` itself: it takes the preflight (and declines it).
    ///
    /// The map shows no resource past the first, so a plain resource between the two on the
    /// request's path alone (`/users/me`), which the router would reach first, is not seen: the
    /// README says so.
    fn past(&self, index: usize, path: &str, method: &[u8], preflight: bool) -> Option<usize> {
        fn first(group: &Group) -> Option<&Member> {
            group.members.iter().min_by_key(|member| member.order)
        }
        let here = &self.groups[index];
        if preflight && here.routes.iter().any(|route| serves(route.methods, b"OPTIONS")) {
            return None;
        }
        let (order, prefix) = first(here).map(|member| (member.order, &member.prefix))?;
        let within = |member: &Member| written_inside(&member.prefix, prefix);
        // Where the scopes' prefixes have dynamic segments, their regexes decide: the group's
        // scopes are this one's, or inside them, and its pattern with their regexes matches.
        let known = |group: &Group| {
            group.fixed_prefix
                || here.in_scope().zip(group.in_scope()).is_some_and(|(here, there)| {
                    prefix_inside(there.prefix(), here.prefix()) && there.def.is_match(path)
                })
        };
        (0..self.groups.len())
            .filter(|&g| {
                let group = &self.groups[g];
                g != index
                    && group.on_map.found_itself
                    && group.routes.iter().any(|route| serves(route.methods, method))
                    && group.def.is_match(path)
                    && first(group).is_some_and(|member| member.order > order && within(member))
                    && known(group)
            })
            .min_by_key(|&g| first(&self.groups[g]).map(|member| member.order))
    }

    /// Whether a group other than `index` and its peers has a route serving `method` whose
    /// pattern matches `path`.
    fn others_serve(&self, index: usize, path: &str, method: &[u8]) -> bool {
        let peers = &self.groups[index].peers;
        self.serving_on(path, method).any(|g| g != index && !peers.contains(&g))
    }

    /// Among the routes of group `index` and its peers serving `method`, the one the router
    /// picks for `request` by their guards, as [`route`](Routes::route) says.
    fn choose(&self, index: usize, request: &HttpRequest, method: &[u8], preflight: bool) -> Option<&Route> {
        let serving = || self.serving_here(index, request.match_info().as_str(), method);
        // Only routes' own guards are known here, not those of the scopes around them: a route
        // without any may be told apart by its scope's, which only the router runs. Nor are
        // the regexes of the scopes' segments: routes of one pattern in two scopes may not
        // both be reachable on every path. But where the map went past the first of them to a
        // peer, on a path that the first one's own regex refuses (`/users/{id:\d+}` before
        // `/users/{id}`), and the map holds them all under one prefix, it stayed in one scope,
        // whose guards are the same for all: the first whose pattern matches the path and
        // whose own guards accept the request is reached.
        //
        // Routes under prefixes the map holds apart (`/v/{n:\d+}` and `/v/{s}`) are in scopes
        // the router tells apart by their regexes, and by guards unseen here; two routes of one
        // pattern there, the earlier without guards of its own, are in two scopes told apart by
        // theirs (or the later is never reached). Either way only the router knows.
        let prefix = serving().next().and_then(|(member, _)| member.held.as_ref()).map(InScope::prefix)?;
        let one_prefix =
            serving().all(|(member, _)| member.held.as_ref().is_some_and(|h| h.prefix() == prefix));
        let twins = || {
            serving().any(|(earlier, _)| {
                earlier.guards.0.is_empty()
                    && serving().any(|(later, _)| {
                        later.order > earlier.order
                            && later.held.as_ref().map(InScope::pattern)
                                == earlier.held.as_ref().map(InScope::pattern)
                    })
            })
        };
        if !one_prefix || twins() {
            return None;
        }
        // The map went past the first of them, on a path of each other's pattern that the
        // first refuses by its own regexes, to one of them: it stayed in the first's scope.
        let (first, _) = serving().min_by_key(|(member, _)| member.order)?;
        let first_def = &first.held.as_ref()?.def;
        let one_scope = serving().all(|(member, _)| {
            std::ptr::eq(member, first)
                || member
                    .on_own_path
                    .as_ref()
                    .is_some_and(|on| on.family_found && !first_def.is_match(&on.path))
        });
        let group = &self.groups[index];
        if !one_scope
            && (group.on_map.first_on_paths != FirstOnPaths::First
                || serving().any(|(member, _)| member.guards.0.is_empty()))
        {
            return None;
        }
        // Guards read a `ServiceRequest`; this one is let go before the request goes on.
        let asked = ServiceRequest::from_request(request.clone());
        let ctx = asked.guard_ctx();
        // The router tries routes in the order they were registered.
        let chosen = serving().filter(|(member, _)| member.guards.accept(&ctx)).min_by_key(|(m, _)| m.order);
        let chosen = chosen.or_else(|| serving().min_by_key(|(m, _)| m.order).filter(|_| preflight));
        chosen.map(|(_, route)| route)
    }

    /// The routes of group `index` and its peers on `path` serving `method`, each with its place.
    fn serving_here<'a, 'p, 'm>(
        &'a self,
        index: usize,
        path: &'p str,
        method: &'m [u8],
    ) -> impl Iterator<Item = (&'a Member, &'a Route)> + use<'a, 'p, 'm> {
        std::iter::once(index)
            .chain(self.peers_on(index, path))
            .flat_map(|g| self.groups[g].members.iter().zip(&self.groups[g].routes))
            .filter(move |(_, route)| serves(route.methods, method))
    }

    /// The peers of group `index` whose own pattern matches `path` (a peer's own segments may
    /// have regexes that refuse it: `/q/{n:\d+}` beside `/q/{name}`).
    fn peers_on<'a, 'p>(&'a self, index: usize, path: &'p str) -> impl Iterator<Item = usize> + use<'a, 'p> {
        self.groups[index].peers.iter().copied().filter(move |&peer| self.groups[peer].def.is_match(path))
    }

    /// Whether some route of group `index` or its peers serving `method` lets `request`
    /// through by guards of its own (or has none).
    fn guards_let_through(&self, index: usize, request: &HttpRequest, method: &[u8]) -> bool {
        let serving = || self.serving_here(index, request.match_info().as_str(), method);
        // Most routes have none: nothing to run.
        if serving().any(|(member, _)| member.guards.0.is_empty()) {
            return true;
        }
        let asked = ServiceRequest::from_request(request.clone());
        let ctx = asked.guard_ctx();
        serving().any(|(member, _)| member.guards.accept(&ctx))
    }

    /// Whether a request for `request`'s path may reach a `#[cors]` route serving `method`,
    /// whose own policy then answers its preflights: whether the full pattern of one matches
    /// the path, whatever resources come before it (the router may go past them by their
    /// guards).
    pub(crate) fn may_reach_route(&self, request: &HttpRequest, method: &[u8]) -> bool {
        self.serving_on(request.match_info().as_str(), method).next().is_some()
    }

    /// The groups with a route serving `method` whose pattern matches `path`.
    fn serving_on<'a>(&'a self, path: &'a str, method: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
        (0..self.groups.len()).filter(move |&g| {
            let group = &self.groups[g];
            group.routes.iter().any(|route| serves(route.methods, method)) && group.def.is_match(path)
        })
    }

    /// The group of `#[cors]` routes the router would reach for `path`, as far as the
    /// application's resource map tells: it knows every scope's own segments, and finds the
    /// first resource by path alone, without guards (which only the router can run).
    ///
    /// - [`Reach::OnPath`]: the first resource on the path is a `#[cors]` route (by its name
    ///   and full pattern, with its siblings on the same path); or it has the pattern of a
    ///   group: a route's own preflight service (a route serving `OPTIONS`), or a resource for
    ///   other methods registered before the route, which the router goes past by its guards.
    /// - [`Reach::Past`]: a scope took the path and has no resource for it (a scope for another
    ///   host, say): the router tries the next, the map does not; the first group whose pattern
    ///   matches the path, if its scopes have no dynamic segments (whose own regexes, unknown
    ///   here, may refuse the path).
    ///
    /// Anything else is not ours: a resource on another pattern registered earlier, in front of
    /// a group whose pattern matches the path ([`Place::Behind`]), or a scope whose own segments
    /// do not match.
    fn find(&self, map: &ResourceMap, path: &str) -> Place {
        if let Some(name) = map.match_name(path) {
            // Names are not unique: another resource may have a route's (`name = ".."`), and a
            // handler mounted at several places has one per mount. The route's own full pattern
            // must match the path too: its mount on this path, whose siblings there apply.
            let named = |g: &Group| g.routes.iter().any(|r| r.name == name) && g.def.is_match(path);
            if let Some(group) = self.groups.iter().position(named) {
                return Place::Group(group, Reach::OnPath);
            }
        }
        let mut matching = (0..self.groups.len()).filter(|&g| self.groups[g].def.is_match(path)).peekable();
        // Most paths match no group: no need to ask the map more.
        if matching.peek().is_none() {
            return Place::Nowhere;
        }
        let Some(pattern) = map.match_pattern(path) else {
            let exact = |&g: &usize| self.groups[g].fixed_prefix;
            return matching.find(exact).map_or(Place::Nowhere, |group| Place::Group(group, Reach::Past));
        };
        // A resource of the same pattern as a group's, in the same scopes (their segments'
        // regexes included: not another scope whose prefix has the same shape).
        let shape = shape(&pattern);
        let at = |g: usize| self.groups[g].members.iter().any(|member| member.is_at(path, &pattern));
        matching
            .find(|&g| self.groups[g].shape == shape && at(g))
            .map_or(Place::Behind, |group| Place::Group(group, Reach::OnPath))
    }

    /// Whether some policy of the application may allow any origin (a live one may come to).
    #[inline]
    pub(crate) fn may_allow_any_origin(&self) -> bool {
        self.any_origin
    }

    /// A policy of a route or `Cors::scope` of the application whose answer to a request
    /// without `Origin` has a `Vary`, if any.
    pub(crate) fn varying(&self) -> Option<Source> {
        let routes = self.groups.iter().flat_map(|group| &group.routes).map(|route| route.source);
        routes.chain(self.scopes.iter().map(|scope| scope.source)).find(|source| {
            let policy = source.current();
            judge_actual(&policy, HeaderInput::Absent, None).1.vary.is_some()
        })
    }

    /// Whether the application has a `Cors::scope` that `request`'s path, too long to walk
    /// ([`WALKED_PATH_MAX`]), may be under: [`scope`](Routes::scope) finds none there.
    pub(crate) fn scope_unknown(&self, request: &HttpRequest) -> bool {
        !self.scopes.is_empty() && request.match_info().as_str().len() > WALKED_PATH_MAX
    }

    /// The innermost `Cors::scope` the router takes a request for `request`'s path into, if
    /// any (none for a path too long to walk: see [`scope_unknown`](Routes::scope_unknown)).
    #[inline]
    pub(crate) fn scope(&self, request: &HttpRequest) -> Option<UnderScope> {
        // Most applications have none: nothing to look up.
        if self.scopes.is_empty() {
            return None;
        }
        self.scope_searched(request)
    }

    /// [`scope`](Routes::scope), in an application with `Cors::scope`s.
    #[inline(never)]
    fn scope_searched(&self, request: &HttpRequest) -> Option<UnderScope> {
        let (map, path) = (request.resource_map(), request.match_info().as_str());
        if path.len() > WALKED_PATH_MAX {
            return None;
        }
        // In the order of registration, as the router tries them: of two the path is under, a
        // later one whose prefix holds the earlier one's is inside it (or, with the same
        // prefix, a `Cors::scope("")` inside it); any other later one is a sibling, which the
        // router never reaches once it took the request into the earlier.
        let mut innermost: Option<(&ScopeMount, usize)> = None;
        for (scope, matched) in
            self.scopes.iter().filter_map(|scope| Some((scope, scope.reaches(map, path)?)))
        {
            if innermost.is_none_or(|(outer, _)| written_inside(&scope.prefix, &outer.prefix)) {
                innermost = Some((scope, matched));
            }
        }
        innermost.map(|(scope, matched)| UnderScope {
            source: scope.source,
            routed: Routed { scopes_take: matched, whole_path_tells: false },
            holds_other_cors: scope.holds_other_cors,
        })
    }
}

/// Says, once per process for each prefix, that a `Cors::scope` may hold a `Cors` middleware of
/// another policy, whose place the layer cannot see, so its preflights go to routing: where
/// middleware inside the scope (auth) meets them, which the application can avoid.
fn warn_other_cors_inside(prefix: &str) {
    static WARNED: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let mut warned = WARNED.lock().unwrap_or_else(PoisonError::into_inner);
    if warned.iter().any(|warned| warned == prefix) {
        return;
    }
    warned.push(prefix.to_owned());
    log::warn!(
        target: "cors",
        "a `Cors::new` of another policy may be inside `Cors::scope({prefix:?})`: `Layer` leaves \
         the scope's preflights to routing, where middleware inside the scope (auth) sees them; \
         write the inner one as `Cors::new(&POLICY).scope(..)`, and the layer answers them all"
    );
}

/// Finds each group's peers (groups of the same shape), what the application's resource map
/// finds on paths of its pattern, and whether it or a peer has guards of its own.
fn place_on_map(groups: &mut [Group], map: &ResourceMap) {
    // Each group's pattern as the map holds it, the regexes of its scopes' segments included;
    // a path of it, each segment a value its regex accepts (the map finds nothing on a path
    // the regexes refuse); and what the map finds first there.
    for group in groups.iter_mut() {
        let (pattern, def, fixed) = (group.pattern.as_str(), &group.def, group.fixed_prefix);
        for member in &mut group.members {
            member.held = held(member, pattern, def, fixed);
        }
    }
    let mut samples: Vec<(String, Option<&str>)> = groups
        .iter()
        .map(|group| {
            let values = segments::values(group.in_scope().map_or(group.pattern.as_str(), InScope::pattern));
            let mut path = String::new();
            let generated = group.def.resource_path_from_iter(&mut path, values.iter());
            let found = map.match_name(&path).filter(|_| generated);
            (path, found)
        })
        .collect();
    for group in 0..groups.len() {
        let same_shape = |other: &usize| *other != group && groups[*other].shape == groups[group].shape;
        groups[group].peers = (0..groups.len()).filter(same_shape).collect();
        let family = || std::iter::once(group).chain(groups[group].peers.iter().copied());
        let first = family()
            .flat_map(|g| groups[g].members.iter().zip(&groups[g].routes))
            .min_by_key(|(member, _)| member.order);
        // The first resource is the route's, or its preflight service's (before a route
        // serving `OPTIONS`).
        let is_found = |found: Option<&str>, (member, route): (&Member, &Route)| {
            found.is_some_and(|n| n == route.name || n == member.node_name)
        };
        let is_in = |g: usize, found: Option<&str>| {
            groups[g].members.iter().zip(&groups[g].routes).any(|m| is_found(found, m))
        };
        let found = samples[group].1;
        let family_found = family().any(|g| is_in(g, found));
        let found_itself = is_in(group, found);
        let first_is = first.is_some_and(|m| is_found(found, m));
        let first_on_paths = match (first_is, family_found) {
            (true, _) => FirstOnPaths::First,
            (false, true) => FirstOnPaths::Peer,
            (false, false) => FirstOnPaths::Other,
        };
        let mut prefixes =
            family().flat_map(|g| &groups[g].members).map(|member| member.held.as_ref().map(InScope::prefix));
        let first_prefix = prefixes.next().flatten();
        let prefixes_differ = first_prefix.is_none() || prefixes.any(|prefix| prefix != first_prefix);
        let guarded = family().any(|g| groups[g].members.iter().any(|member| !member.guards.0.is_empty()));
        groups[group].prefixes_differ = prefixes_differ;
        groups[group].on_map = OnMap { first_on_paths, found_itself };
        let on_own_path = Rc::new(OnOwnPath { path: std::mem::take(&mut samples[group].0), family_found });
        for member in &mut groups[group].members {
            member.on_own_path = Some(Rc::clone(&on_own_path));
        }
        groups[group].guarded = guarded;
    }
}

/// The full pattern of `member`, a route of a group of pattern `pattern` (`def`), as the
/// application holds it: the pattern itself if its scopes' prefixes are `fixed`, else as the
/// route's own node in the resource map gives it for a path of the route's own pattern (a node
/// knows the scopes it is mounted in, and their regexes).
fn held(member: &Member, pattern: &str, def: &ResourceDef, fixed: bool) -> Option<InScope> {
    let prefix = member.prefix.pattern()?;
    let own = pattern.strip_prefix(prefix)?;
    if fixed {
        return Some(InScope { prefix_len: prefix.len(), def: def.clone() });
    }
    let mut own_path = String::new();
    if !ResourceDef::new(own).resource_path_from_iter(&mut own_path, segments::values(own).iter()) {
        return None;
    }
    let whole = member.node.upgrade()?.match_pattern(&own_path)?;
    let prefix_len = whole.strip_suffix(own)?.len();
    Some(InScope { prefix_len, def: ResourceDef::new(whole) })
}

/// Whether `member`, a route found for `request`, sits in the scope the application's map takes
/// the request's path into: its full pattern as the map holds it starts that path's.
#[inline(never)]
fn in_scope_taken(member: Option<&Member>, request: &HttpRequest) -> bool {
    let Some(held) = member.and_then(|member| member.held.as_ref()) else { return false };
    let path = request.match_info().as_str();
    held.def.is_match(path)
        && request.resource_map().match_pattern(path).is_some_and(|taken| taken.starts_with(held.prefix()))
}

/// Whether scope prefix `inner` holds `outer` whole, segment by segment: a scope (or route)
/// under `inner` is written inside one under `outer`, or under the same prefix.
fn written_inside(inner: &ResourceDef, outer: &ResourceDef) -> bool {
    prefix_inside(inner.pattern().unwrap_or_default(), outer.pattern().unwrap_or_default())
}

/// [`written_inside`] for prefixes as written.
fn prefix_inside(inner: &str, outer: &str) -> bool {
    inner
        .strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || outer.ends_with('/'))
}

/// The first of `routes`, and whether another has a different policy.
fn first_and_others<'a>(mut routes: impl Iterator<Item = &'a Route>) -> Option<(&'a Route, bool)> {
    let first = routes.next()?;
    Some((first, routes.any(|other| !other.source.same(first.source))))
}

/// `pattern` with every dynamic segment (`{name}`, `{name:regex}`, braces in the regex
/// included) written `{}`.
pub(crate) fn shape(pattern: &str) -> String {
    let mut shape = String::with_capacity(pattern.len());
    for part in segments::parts(pattern) {
        shape.push_str(match part {
            Part::Text(text) => text,
            Part::Segment { .. } => "{}",
        });
    }
    shape
}

/// The route's full pattern, from the path `url_for` generated with [`SEGMENT`] for each dynamic
/// segment: the prefixes' part of that path, each [`SEGMENT`] made a segment again, then the
/// route's own pattern.
fn full_pattern(generated: &str, relative: &str) -> Option<FullPattern> {
    let mut own = String::new();
    let own_def = ResourceDef::new(if relative.starts_with('/') || relative.is_empty() {
        relative.to_owned()
    } else {
        format!("/{relative}")
    });
    if !own_def.resource_path_from_iter(&mut own, std::iter::repeat(SEGMENT)) {
        return None;
    }
    let prefix = generated.strip_suffix(own.as_str())?;
    // Scope segments are named apart from the route's own, which may be called anything.
    let mut name = String::from(SCOPE_SEGMENT);
    while relative.contains(name.trim_start_matches('{')) {
        name.insert(1, '_');
    }
    let (mut pattern, mut fixed_prefix) = (String::new(), true);
    for (i, part) in prefix.split(SEGMENT).enumerate() {
        if i > 0 {
            // Scope segments lose their own regexes: `url_for` does not reveal them.
            pattern.push_str(&name);
            pattern.push_str(&i.to_string());
            pattern.push('}');
            fixed_prefix = false;
        }
        pattern.push_str(part);
    }
    let prefix_len = pattern.len();
    pattern.push_str(own_def.pattern().unwrap_or_default());
    Some(FullPattern { pattern, fixed_prefix, prefix_len })
}

/// `%XX` escapes decoded, as `url_for` encodes them, but those of `{` and `}` (which would make
/// a segment of a scope's literal text); anything else kept.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) if !matches!(high * 16 + low, 0x7b | 0x7d) => {
                #[allow(clippy::cast_possible_truncation)] // two hex digits
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{full_pattern, percent_decode, same_method, shape};

    /// Word-wise equality of method names against the slice's, at every length to 20, a byte
    /// changed anywhere.
    #[test]
    fn method_names_compare_as_slices_do() {
        for len in 0..20 {
            let a: Vec<u8> = b"PROPFIND-MKCOL-PATCH".iter().copied().take(len).collect();
            assert!(same_method(&a, &a.clone()), "{len}");
            for at in 0..len {
                let mut b = a.clone();
                b[at] ^= 0x20;
                assert!(!same_method(&a, &b), "{len} {at}");
            }
            assert!(len == 0 || !same_method(&a, &a[..len - 1]), "{len}");
        }
    }

    #[test]
    fn full_patterns_keep_the_routes_own_and_make_prefix_segments_generic() {
        let s = super::SEGMENT;
        let full_pattern = |generated: &str, relative| full_pattern(generated, relative).map(|f| f.pattern);
        assert_eq!(full_pattern("/orders", "/orders").as_deref(), Some("/orders"));
        assert_eq!(full_pattern("/api/v1/orders", "/orders").as_deref(), Some("/api/v1/orders"));
        assert_eq!(
            full_pattern(&format!("/users/{s}/orders/{s}"), "/orders/{id:\\d+}").as_deref(),
            Some("/users/{segment_1}/orders/{id:\\d+}")
        );
        assert_eq!(full_pattern("/api", "").as_deref(), Some("/api"));
        assert!(super::full_pattern("/api/v1/orders", "/orders").is_some_and(|f| f.fixed_prefix));
        assert!(
            super::full_pattern(&format!("/users/{s}/orders"), "/orders").is_some_and(|f| !f.fixed_prefix)
        );
        assert_eq!(full_pattern("/elsewhere", "/orders"), None);
        // A route's own segment may have the name a scope's would get.
        assert_eq!(
            full_pattern(&format!("/t/{s}/x/{s}"), "/x/{segment_1}").as_deref(),
            Some("/t/{_segment_1}/x/{segment_1}")
        );
    }

    #[test]
    fn shapes_forget_segment_names_and_regexes() {
        assert_eq!(shape("/orders"), "/orders");
        assert_eq!(shape("/{n:\\d+}/orders/{id}"), "/{}/orders/{}");
        assert_eq!(shape("/{segment_1}/orders/{id:\\d{2,3}}"), "/{}/orders/{}");
        assert_eq!(shape("/files/{tail}*"), "/files/{}*");
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(percent_decode("/a%20b/%7Bx%7D/%zz"), "/a b/%7Bx%7D/%zz");
    }
}
