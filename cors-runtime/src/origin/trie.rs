//! `*.` subdomain and `:*` port patterns: for each scheme and port, a radix trie of hosts read
//! from their end. A request walks it at most twice (its own port, then `*`), comparing whole
//! runs of bytes at a time, so the work is proportional to the origin's length and independent
//! of the number of patterns.

use std::collections::BTreeMap;

use super::syntax::{Entry, Port, RequestOrigin};

#[derive(Default)]
pub(super) struct PatternTrie {
    /// Sorted by scheme and port.
    roots: Vec<Root>,
    nodes: Vec<Node>,
}

struct Root {
    scheme: Box<[u8]>,
    /// Empty for none, `*` for `:*`.
    port: Box<[u8]>,
    node: usize,
}

#[derive(Default)]
struct Node {
    /// Children, each reached by a run of bytes; no two runs end with the same byte.
    edges: Vec<Edge>,
    /// A pattern covers the host spelled by the path to this node (a `:*` pattern).
    exact: bool,
    /// A pattern covers every host that ends with `.` + the host spelled so far.
    subdomains: bool,
}

struct Edge {
    /// The run's last byte: the first one a walk from the host's end meets.
    last: u8,
    /// In host order: the walk compares it with the bytes just before those already matched.
    run: Box<[u8]>,
    child: usize,
}

impl PatternTrie {
    /// The trie of `patterns`. (The matcher keeps exact entries apart, in its own table.)
    pub(super) fn new<'a>(patterns: impl IntoIterator<Item = Entry<'a>>) -> Self {
        let mut plain = Plain::default();
        for entry in patterns {
            plain.insert(&entry);
        }
        plain.compress()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.roots.is_empty()
    }

    pub(super) fn matches(&self, origin: &RequestOrigin<'_>) -> bool {
        let walk =
            |port: &[u8]| self.root(origin.scheme, port).is_some_and(|root| self.walk(root, origin.host));
        walk(origin.port) || walk(b"*")
    }

    fn root(&self, scheme: &[u8], port: &[u8]) -> Option<usize> {
        let i = self.roots.binary_search_by(|r| (&*r.scheme, &*r.port).cmp(&(scheme, port))).ok()?;
        Some(self.roots[i].node)
    }

    fn walk(&self, root: usize, host: &[u8]) -> bool {
        let mut node = &self.nodes[root];
        // `host[..end]` is what remains to be matched.
        let mut end = host.len();
        loop {
            let Some(&next) = end.checked_sub(1).and_then(|i| host.get(i)) else { return node.exact };
            // `.` with at least one byte before it: a subdomain of what is spelled so far.
            if node.subdomains && next == b'.' && end > 1 {
                return true;
            }
            let Some(edge) = node.edges.iter().find(|e| e.last == next) else { return false };
            if !host[..end].ends_with(&edge.run) {
                return false;
            }
            end -= edge.run.len();
            node = &self.nodes[edge.child];
        }
    }
}

/// The tries one byte per edge, as patterns are inserted; compressed once all are in.
#[derive(Default)]
struct Plain {
    roots: BTreeMap<(Vec<u8>, Vec<u8>), usize>,
    nodes: Vec<PlainNode>,
}

#[derive(Default)]
struct PlainNode {
    /// Children by byte, in walk order (from the host's end).
    edges: BTreeMap<u8, usize>,
    exact: bool,
    subdomains: bool,
}

impl Plain {
    fn insert(&mut self, entry: &Entry<'_>) {
        let port = match entry.port {
            Port::Default => String::new(),
            Port::Any => "*".to_owned(),
            Port::Is(n) => n.to_string(),
        };
        let key = (entry.scheme.as_bytes().to_vec(), port.into_bytes());
        let fresh = self.nodes.len();
        let mut node = *self.roots.entry(key).or_insert(fresh);
        if node == fresh {
            self.nodes.push(PlainNode::default());
        }
        for b in entry.host.bytes().rev() {
            let fresh = self.nodes.len();
            node = *self.nodes[node].edges.entry(b).or_insert(fresh);
            if node == fresh {
                self.nodes.push(PlainNode::default());
            }
        }
        let node = &mut self.nodes[node];
        if entry.subdomains {
            node.subdomains = true;
        } else {
            node.exact = true;
        }
    }

    /// Merges every chain of nodes with one child and no pattern into one edge.
    fn compress(self) -> PatternTrie {
        let mut trie = PatternTrie::default();
        // (plain node, its node in `trie`): iterative, as hosts can be hundreds of bytes long.
        let mut pending = Vec::new();
        for ((scheme, port), root) in self.roots {
            trie.roots.push(Root { scheme: scheme.into(), port: port.into(), node: trie.nodes.len() });
            pending.push((root, trie.nodes.len()));
            trie.nodes.push(Node::default());
        }
        while let Some((from, to)) = pending.pop() {
            let plain = &self.nodes[from];
            trie.nodes[to].exact = plain.exact;
            trie.nodes[to].subdomains = plain.subdomains;
            for (&last, &first_child) in &plain.edges {
                let (mut walked, mut child) = (vec![last], first_child);
                loop {
                    let node = &self.nodes[child];
                    if node.exact || node.subdomains || node.edges.len() != 1 {
                        break;
                    }
                    let Some((&b, &next)) = node.edges.first_key_value() else { break };
                    walked.push(b);
                    child = next;
                }
                walked.reverse();
                let index = trie.nodes.len();
                trie.nodes.push(Node::default());
                trie.nodes[to].edges.push(Edge { last, run: walked.into_boxed_slice(), child: index });
                pending.push((child, index));
            }
        }
        trie
    }
}
