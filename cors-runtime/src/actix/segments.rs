//! A path of a route pattern, for asking actix-web's resource map which resource it finds first
//! on such paths: each dynamic segment filled with a value the segment's own regex accepts.
//!
//! A fixed placeholder ([`PLACEHOLDER`]) is used where it is accepted: it is unlike any static
//! path part, so the map cannot take it for another resource's; and the regexes segments are
//! commonly narrowed with (`[a-z]+`, `\w+`, `[\w-]+`) refuse it, so a route with such a segment
//! registered first (`/items/{name:[a-z]+}`) does not stand in front of the next one on the map
//! (`/items/{id}`). A segment whose regex refuses it (`{id:\d+}`, `{handle:[a-z]{3,15}}`) gets a
//! string made from its regex instead.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Stands for a dynamic segment wherever its regex accepts it.
pub(crate) const PLACEHOLDER: &str = "zz~strict-cors.segment~zz";

/// actix-web's regex for a segment written without one (`{id}`), and for a tail (`{tail}*`).
const DEFAULT: &str = "[^/]+";
const DEFAULT_TAIL: &str = ".*";

/// One value per dynamic segment of `pattern`, in order: [`PLACEHOLDER`] where the segment's
/// regex accepts it, or where no value could be made (the map then finds nothing, as with the
/// placeholder alone).
pub(crate) fn values(pattern: &str) -> Vec<String> {
    parts(pattern)
        .filter_map(|part| match part {
            Part::Segment { regex } => Some(value_for(regex).unwrap_or_else(|| PLACEHOLDER.to_owned())),
            Part::Text(_) => None,
        })
        .collect()
}

/// A part of a route pattern, as actix-web reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part<'a> {
    /// Text matched as written (a tail's `*` included).
    Text(&'a str),
    /// A dynamic segment, `{name}`, `{name:regex}` (whose regex may hold braces of its own) or
    /// `{name}*`, with the regex it is matched by: its own, or actix-web's default for it.
    Segment { regex: &'a str },
}

/// The parts of `pattern`, in order; an unclosed `{` (which actix-web refuses) ends them.
pub(crate) fn parts(pattern: &str) -> impl Iterator<Item = Part<'_>> {
    let mut rest = pattern;
    let mut segment_next = false;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if !segment_next {
            let text_len = rest.find('{').unwrap_or(rest.len());
            let (text, after) = rest.split_at(text_len);
            (rest, segment_next) = (after, true);
            if !text.is_empty() {
                return Some(Part::Text(text));
            }
            if rest.is_empty() {
                return None;
            }
        }
        segment_next = false;
        let mut depth = 0usize;
        let close = rest.char_indices().find_map(|(i, c)| {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
            None
        });
        let Some(close) = close else {
            rest = "";
            return None;
        };
        let param = &rest[1..close];
        rest = &rest[close + 1..];
        let regex = match param.split_once(':') {
            Some((_, regex)) => regex,
            None if rest.starts_with('*') => DEFAULT_TAIL,
            None => DEFAULT,
        };
        Some(Part::Segment { regex })
    })
}

/// A value `regex` accepts whole: the placeholder if it does, or one made from its parts.
fn value_for(regex: &str) -> Option<String> {
    // Most segments have actix-web's own regex, which takes the placeholder: nothing to compile.
    if regex == DEFAULT || regex == DEFAULT_TAIL {
        return Some(PLACEHOLDER.to_owned());
    }
    let whole = regex::Regex::new(&format!("^(?:{regex})$")).ok()?;
    if whole.is_match(PLACEHOLDER) {
        return Some(PLACEHOLDER.to_owned());
    }
    let hir = regex_syntax::parse(regex).ok()?;
    let mut made = String::new();
    make(&hir, &mut made).then_some(())?;
    whole.is_match(&made).then_some(made)
}

/// Appends to `out` a string `hir` matches: each repetition its least, each alternation its
/// first branch, each class a letter or digit where it has one. `false` if `hir` matches
/// nothing. (Anchors and word boundaries inside a segment's regex may refuse what this makes;
/// the caller checks.)
fn make(hir: &Hir, out: &mut String) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) => {
                out.push_str(text);
                true
            }
            Err(_) => false,
        },
        HirKind::Class(class) => match pick(class) {
            Some(c) => {
                out.push(c);
                true
            }
            None => false,
        },
        HirKind::Repetition(repetition) => (0..repetition.min).all(|_| make(&repetition.sub, out)),
        HirKind::Capture(capture) => make(&capture.sub, out),
        HirKind::Concat(parts) => parts.iter().all(|part| make(part, out)),
        HirKind::Alternation(branches) => branches.first().is_some_and(|branch| make(branch, out)),
    }
}

/// A character of `class`: a letter or digit if it has one, else its first but `/`.
fn pick(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(class) => class.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        Class::Bytes(class) => {
            class.ranges().iter().map(|r| (char::from(r.start()), char::from(r.end().min(0x7f)))).collect()
        }
    };
    let has = |c: char| ranges.iter().any(|&(start, end)| start <= c && c <= end);
    ['a', '0', 'A', '_', '-']
        .into_iter()
        .find(|&c| has(c))
        .or_else(|| ranges.iter().find_map(|&(start, end)| (start..=end).find(|&c| c != '/')))
}

#[cfg(test)]
mod tests {
    use super::{PLACEHOLDER, Part, parts, values};

    #[test]
    fn patterns_split_into_text_and_segments() {
        let split = |pattern| parts(pattern).collect::<Vec<_>>();
        assert_eq!(split(""), []);
        assert_eq!(split("/orders"), [Part::Text("/orders")]);
        assert_eq!(
            split("{n:\\d{2}}/x/{id}/{tail}*"),
            [
                Part::Segment { regex: "\\d{2}" },
                Part::Text("/x/"),
                Part::Segment { regex: "[^/]+" },
                Part::Text("/"),
                Part::Segment { regex: ".*" },
                Part::Text("*"),
            ]
        );
        assert_eq!(
            split("/a/{b}{c}"),
            [Part::Text("/a/"), Part::Segment { regex: "[^/]+" }, Part::Segment { regex: "[^/]+" }]
        );
        assert_eq!(split("/a/{unclosed"), [Part::Text("/a/")]);
    }

    #[test]
    fn each_segment_gets_a_value_its_regex_accepts() {
        let p = PLACEHOLDER;
        assert_eq!(values("/orders"), Vec::<String>::new());
        assert_eq!(values("/users/{id}/files/{tail}*"), [p, p]);
        assert_eq!(values("/t/{segment_1}/items/{id:\\d+}"), [p, "0"]);
        assert_eq!(values("/users/{handle:[a-z0-9_]{3,15}}"), ["aaa"]);
        assert_eq!(values("/users/{code:[A-Z]{2}}"), ["AA"]);
        assert_eq!(values("/v{n:\\d{2,3}}/x/{kind:(?:png|jpe?g)}"), ["00", "png"]);
        assert_eq!(values("/q/{n:-?\\d+(?:\\.\\d+)?}"), ["0"]);
        // Nothing matches: the placeholder, which the map then finds nowhere either.
        assert_eq!(values("/x/{never:[^\\s\\S]}"), [p]);
    }
}
