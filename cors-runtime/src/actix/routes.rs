//! Where each `#[cors]` route sits in an application, scope prefixes included, so that
//! [`Layer`](super::Layer) can find a request's route before any other middleware runs.
//!
//! actix-web does not tell a service the prefix of the scopes around it. But a service can give
//! actix-web a one-node resource map of its own, named, which actix-web links into the
//! application's tree; once the application is built, `url_for` on that name walks the tree from
//! the root. `register_route` names its preflight service's node after the route's entry in a
//! process-wide table, and [`Routes::of`] reads back, for each entry, the full pattern: the
//! scope prefixes (their dynamic segments kept as segments, without their own regexes, which
//! `url_for` does not reveal) followed by the route's own pattern, exactly as written.

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::{Mutex, PoisonError};

use actix_web::HttpRequest;
use actix_web::dev::{ResourceDef, ResourceMap};

use crate::live::Source;

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

impl Route {
    fn same(&self, other: &Route) -> bool {
        std::ptr::eq(self.handler, other.handler)
            && self.name == other.name
            && std::ptr::eq(self.path, other.path)
            && std::ptr::eq(self.methods, other.methods)
            && self.source.same(other.source)
    }
}

/// Every `#[cors]` route registered in this process, once each: as many as the program has.
static TABLE: Mutex<Vec<Route>> = Mutex::new(Vec::new());

/// The prefix of the resource-map names this module gives its nodes.
const NAME_PREFIX: &str = "__strict_cors_route_";

/// The resource map `register_route` hands actix-web for `route`'s preflight service at
/// `pattern`: a node named after the route's entry in the table.
pub(crate) fn node(pattern: &str, route: Route) -> Rc<ResourceMap> {
    let index = {
        let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
        table.iter().position(|r| r.same(&route)).unwrap_or_else(|| {
            table.push(route);
            table.len() - 1
        })
    };
    let mut map = ResourceMap::new(ResourceDef::new(pattern));
    let mut named = ResourceDef::new("");
    named.set_name(format!("{NAME_PREFIX}{index}"));
    map.add(&mut named, None);
    let node = Rc::new(map);
    MOUNTED.with_borrow_mut(|mounted| {
        // The application holds its nodes: those of applications gone are let go here.
        mounted.retain(|(node, _)| node.strong_count() > 0);
        mounted.push((Rc::downgrade(&node), index));
    });
    node
}

thread_local! {
    /// The nodes of the `#[cors]` routes mounted by applications built on this thread, and
    /// their entries in the table, for [`mounted_here`].
    static MOUNTED: RefCell<Vec<(Weak<ResourceMap>, usize)>> = const { RefCell::new(Vec::new()) };
}

/// The `#[cors]` routes of the applications built on this thread and still alive, each with its
/// full pattern, scope prefixes included.
pub(crate) fn mounted_here() -> Vec<(Route, String)> {
    let table = TABLE.lock().unwrap_or_else(PoisonError::into_inner).clone();
    // `url_for` wants a request for the scheme and host of the URL it makes; the path does not
    // depend on them.
    let request = actix_web::test::TestRequest::default().to_http_request();
    MOUNTED.with_borrow(|mounted| {
        mounted
            .iter()
            .filter_map(|(node, index)| {
                let (node, route) = (node.upgrade()?, table.get(*index).copied()?);
                Some((route, mounted_pattern(&node, &request, *index, route)?))
            })
            .collect()
    })
}

/// The full pattern of the route at `index` in the table, as mounted in the application whose
/// resource map is `map`, or `None` if it is not mounted there.
fn mounted_pattern(map: &ResourceMap, request: &HttpRequest, index: usize, route: Route) -> Option<String> {
    let url = map.url_for(request, &format!("{NAME_PREFIX}{index}"), std::iter::repeat(SEGMENT)).ok()?;
    full_pattern(&percent_decode(url.path()), route.path)
}

/// The routes that share one full pattern: siblings on one path, each for its own methods.
struct Group {
    pattern: String,
    routes: Vec<Route>,
}

/// The `#[cors]` routes of one application, by full pattern, in registration order.
pub(crate) struct Routes(Vec<Group>);

/// Stands for each dynamic segment when the full path is generated.
const SEGMENT: &str = "zzstrictcorssegmentzz";

impl Routes {
    /// The `#[cors]` routes of the application serving `request`. Built once per worker, on its
    /// first request: the application's resource map is complete by then.
    pub(crate) fn of(request: &HttpRequest) -> Routes {
        let table = TABLE.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let mut groups: Vec<Group> = Vec::new();
        for (index, route) in table.into_iter().enumerate() {
            // Only the routes mounted in this application have a node of that name.
            let Some(full) = mounted_pattern(request.resource_map(), request, index, route) else {
                continue;
            };
            match groups.iter_mut().find(|g| g.pattern == full) {
                Some(group) => group.routes.push(route),
                None => groups.push(Group { pattern: full, routes: vec![route] }),
            }
        }
        Routes(groups)
    }

    /// The `#[cors]` routes the router would reach for `request`'s path, if any: the first
    /// resource on that path, as actix-web's resource map finds it, is a `#[cors]` route's own
    /// (by its name), whose siblings on the same path come with it. Anything else (a resource
    /// registered earlier, a scope whose own segments do not match) is not ours.
    pub(crate) fn reached(&self, request: &HttpRequest) -> Option<usize> {
        let name = request.resource_map().match_name(request.path())?;
        self.0.iter().position(|g| g.routes.iter().any(|route| route.name == name))
    }

    /// The routes of a group [`reached`](Routes::reached) returned.
    pub(crate) fn group(&self, group: usize) -> impl Iterator<Item = &Route> {
        self.0.get(group).into_iter().flat_map(|g| g.routes.iter())
    }
}

/// The route's full pattern, from the path `url_for` generated with [`SEGMENT`] for each dynamic
/// segment: the prefixes' part of that path, each [`SEGMENT`] made a segment again, then the
/// route's own pattern.
fn full_pattern(generated: &str, relative: &str) -> Option<String> {
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
    let mut pattern = String::new();
    for (i, part) in prefix.split(SEGMENT).enumerate() {
        if i > 0 {
            // Scope segments lose their own regexes: `url_for` does not reveal them.
            pattern.push_str("{segment_");
            pattern.push_str(&i.to_string());
            pattern.push('}');
        }
        pattern.push_str(part);
    }
    pattern.push_str(own_def.pattern().unwrap_or_default());
    Some(pattern)
}

/// `%XX` escapes decoded, as `url_for` encodes them; anything else kept.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(high), Some(low)) => {
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
    use super::{full_pattern, percent_decode};

    #[test]
    fn full_patterns_keep_the_routes_own_and_make_prefix_segments_generic() {
        let s = super::SEGMENT;
        assert_eq!(full_pattern("/orders", "/orders").as_deref(), Some("/orders"));
        assert_eq!(full_pattern("/api/v1/orders", "/orders").as_deref(), Some("/api/v1/orders"));
        assert_eq!(
            full_pattern(&format!("/users/{s}/orders/{s}"), "/orders/{id:\\d+}").as_deref(),
            Some("/users/{segment_1}/orders/{id:\\d+}")
        );
        assert_eq!(full_pattern("/api", "").as_deref(), Some("/api"));
        assert_eq!(full_pattern("/elsewhere", "/orders"), None);
    }

    #[test]
    fn escapes_are_decoded() {
        assert_eq!(percent_decode("/a%20b/%7Bx%7D/%zz"), "/a b/{x}/%zz");
    }
}
