//! `*.` subdomain and `:*` port patterns, in one trie keyed by `scheme:port/` followed by the
//! host reversed. A request walks it at most twice (its own port, then `*`), so the work is
//! proportional to the origin's length and independent of the number of patterns.

use super::syntax::{Entry, Port, RequestOrigin};

#[derive(Default)]
pub(super) struct PatternTrie {
    /// `nodes[0]` is the root once anything is inserted.
    nodes: Vec<Node>,
}

#[derive(Default)]
struct Node {
    /// Children, sorted by byte.
    edges: Vec<(u8, usize)>,
    /// A pattern covers the host spelled by the path to this node (a `:*` pattern).
    exact: bool,
    /// A pattern covers every host that ends with `.` + the host spelled so far.
    subdomains: bool,
}

impl PatternTrie {
    pub(super) fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub(super) fn insert(&mut self, entry: &Entry<'_>) {
        if self.nodes.is_empty() {
            self.nodes.push(Node::default());
        }
        let port = match entry.port {
            Port::Default => String::new(),
            Port::Any => "*".to_owned(),
            Port::Is(n) => n.to_string(),
        };
        let prefix = key_prefix(entry.scheme.as_bytes(), port.as_bytes());
        let mut node = 0;
        for b in prefix.chain(entry.host.bytes().rev()) {
            node = self.child_or_insert(node, b);
        }
        let node = &mut self.nodes[node];
        if entry.subdomains {
            node.subdomains = true;
        } else {
            node.exact = true;
        }
    }

    fn child_or_insert(&mut self, node: usize, b: u8) -> usize {
        match self.nodes[node].edges.binary_search_by_key(&b, |&(e, _)| e) {
            Ok(i) => self.nodes[node].edges[i].1,
            Err(i) => {
                let child = self.nodes.len();
                self.nodes.push(Node::default());
                self.nodes[node].edges.insert(i, (b, child));
                child
            }
        }
    }

    fn child(&self, node: usize, b: u8) -> Option<usize> {
        let edges = &self.nodes[node].edges;
        edges.binary_search_by_key(&b, |&(e, _)| e).ok().map(|i| edges[i].1)
    }

    pub(super) fn matches(&self, origin: &RequestOrigin<'_>) -> bool {
        self.walk(origin, origin.port) || self.walk(origin, b"*")
    }

    fn walk(&self, origin: &RequestOrigin<'_>, port: &[u8]) -> bool {
        let mut node = 0;
        for b in key_prefix(origin.scheme, port) {
            match self.child(node, b) {
                Some(next) => node = next,
                None => return false,
            }
        }
        for (i, &b) in origin.host.iter().enumerate().rev() {
            // The host so far is a suffix preceded by `.` and at least one more byte.
            if b == b'.' && i > 0 && self.nodes[node].subdomains {
                return true;
            }
            match self.child(node, b) {
                Some(next) => node = next,
                None => return false,
            }
        }
        self.nodes[node].exact
    }
}

fn key_prefix<'a>(scheme: &'a [u8], port: &'a [u8]) -> impl Iterator<Item = u8> + 'a {
    scheme.iter().chain(b":").chain(port).chain(b"/").copied()
}
