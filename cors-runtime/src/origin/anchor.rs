//! `regex(..)` entries as the matcher runs them: against the whole origin.

use regex_syntax::hir::{Hir, Look};

/// The parsed expression of a regex entry, anchored at both ends: built from the parse tree, so
/// that a source cannot close the anchoring itself (`)|(`). `None` when the source does not parse
/// on its own, which the validator refuses.
pub(crate) fn anchored(source: &str) -> Option<Hir> {
    regex_syntax::parse(source).ok().map(anchor)
}

/// `hir`, anchored at both ends.
pub(crate) fn anchor(hir: Hir) -> Hir {
    Hir::concat(vec![Hir::look(Look::Start), hir, Hir::look(Look::End)])
}

#[cfg(test)]
mod tests {
    use super::anchored;

    fn anchored_pattern(source: &str) -> Option<String> {
        anchored(source).map(|hir| hir.to_string())
    }

    #[test]
    fn anchoring_is_built_from_the_parse_tree() {
        let re =
            regex::Regex::new(&anchored_pattern(r"https://a\.example\.com|https://b\.example\.com").unwrap())
                .unwrap();
        assert!(re.is_match("https://b.example.com"));
        assert!(!re.is_match("https://b.example.com.evil.test"));
        // A source that closes the wrapper itself does not parse on its own.
        assert_eq!(anchored_pattern(r"https://a\.example\.com)|(.*"), None);
    }
}
