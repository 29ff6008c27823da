//! Public suffixes: the `psl` crate's list, and the names with a public suffix under them.
//!
//! `psl` answers "what is the public suffix of this name"; it cannot say whether some public
//! suffix lies *under* a name, which is what makes `*.amazonaws.com` unsafe (anyone's bucket
//! `x.s3.amazonaws.com` matches it). `parents.txt` lists every such name, generated from the
//! list the `psl` crate is built from; `cors-runtime/tests/suffix_parents.rs` regenerates it
//! and fails when it no longer matches the `psl` version in use.

use std::sync::OnceLock;

/// Every name that some public suffix lies under, one per line, sorted.
const PARENTS: &str = include_str!("parents.txt");

/// Whether `name` (lowercase, no trailing dot) is itself a public suffix: one the list names,
/// or a top-level domain it does not (`internal`, `local`, `zz`), which its default rule makes
/// one, as browsers take it for cookies. `localhost` is not: its names are this machine's.
pub(crate) fn is_public_suffix(name: &str) -> bool {
    name != "localhost" && psl::suffix(name.as_bytes()).is_some_and(|s| s.as_bytes() == name.as_bytes())
}

/// Whether `name` is a public suffix of the list's private section (`github.io`,
/// `s3.amazonaws.com`): the own name of a shared service that anyone signs up to, which may
/// serve its users' pages (`s3.amazonaws.com/<bucket>/..`). Not a top-level domain or a
/// registry's suffix (`dev`, `co.uk`), whose name is no one's pages, nor an intranet host.
pub(crate) fn is_shared_service(name: &str) -> bool {
    psl::suffix(name.as_bytes())
        .is_some_and(|s| s.typ() == Some(psl::Type::Private) && s.as_bytes() == name.as_bytes())
}

/// Whether some public suffix lies under `name`: `amazonaws.com` (for `s3.amazonaws.com`),
/// `github.io`'s parent `io`, and every top-level domain.
pub(crate) fn has_suffix_under(name: &str) -> bool {
    static SORTED: OnceLock<Vec<&'static str>> = OnceLock::new();
    let sorted = SORTED.get_or_init(|| PARENTS.lines().collect());
    sorted.binary_search(&name).is_ok()
}

/// The registrable domain `name` belongs to (`example.co.uk` for `a.b.example.co.uk`), if any.
pub(crate) fn registrable(name: &str) -> Option<&str> {
    psl::domain(name.as_bytes()).and_then(|d| std::str::from_utf8(d.as_bytes()).ok())
}

#[cfg(test)]
mod tests {
    use super::{has_suffix_under, is_public_suffix, is_shared_service, registrable};

    #[test]
    fn suffixes_and_their_parents() {
        assert!(is_public_suffix("com") && is_public_suffix("co.uk") && is_public_suffix("github.io"));
        assert!(!is_public_suffix("example.com"));
        // The list's default rule: a top-level domain it does not name is one.
        for unlisted in ["internal", "local", "zz", "test"] {
            assert!(is_public_suffix(unlisted), "{unlisted}");
        }
        assert!(!is_public_suffix("localhost") && !is_public_suffix("app.internal"));
        for shared in ["github.io", "s3.amazonaws.com", "herokuapp.com"] {
            assert!(is_shared_service(shared), "{shared}");
        }
        for other in ["com", "co.uk", "dev", "host", "intranet", "localhost", "example.com", "x.github.io"] {
            assert!(!is_shared_service(other), "{other}");
        }
        for parent in ["amazonaws.com", "com", "io", "uk"] {
            assert!(has_suffix_under(parent), "{parent}");
        }
        for owned in ["example.com", "app.example.com", "github.com"] {
            assert!(!has_suffix_under(owned), "{owned}");
        }
        assert_eq!(registrable("a.b.example.co.uk"), Some("example.co.uk"));
        assert_eq!(registrable("evil.github.io"), Some("evil.github.io"));
        assert_eq!(registrable("co.uk"), None);
    }
}
