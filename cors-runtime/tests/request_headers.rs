//! `Access-Control-Request-Headers`: items, whitespace, case, empty items, and each bound.

use cors_runtime::{
    MAX_REQUEST_HEADERS_ITEMS, MAX_REQUEST_HEADERS_LEN, RequestHeaderNames, RequestHeadersError,
};

fn names(value: &str) -> Result<Vec<String>, RequestHeadersError> {
    RequestHeaderNames::new(value.as_bytes())
        .map(|names| names.map(|n| String::from_utf8_lossy(n).into_owned()).collect())
}

#[test]
fn items_are_split_trimmed_and_empty_ones_skipped() {
    let table: [(&str, &[&str]); 10] = [
        ("", &[]),
        ("content-type", &["content-type"]),
        ("content-type,x-trace", &["content-type", "x-trace"]),
        ("content-type, x-trace", &["content-type", "x-trace"]),
        (" \tcontent-type \t,\t x-trace ", &["content-type", "x-trace"]),
        (",,content-type,,", &["content-type"]),
        (" , , ", &[]),
        ("X-Trace,Content-Type", &["X-Trace", "Content-Type"]),
        ("a,b,c,d", &["a", "b", "c", "d"]),
        ("x-a!#$%&'*+.^_`|~", &["x-a!#$%&'*+.^_`|~"]),
    ];
    for (value, expected) in table {
        assert_eq!(names(value).unwrap(), expected, "{value:?}");
    }
}

#[test]
fn items_that_are_not_names_are_refused() {
    for value in ["x trace", "x-trace;", "a,b c", "x:y", "é", "a,\"b\"", "a\u{0}"] {
        assert_eq!(names(value), Err(RequestHeadersError::NotAToken), "{value:?}");
    }
}

#[test]
fn length_bound() {
    let at_limit = "a".repeat(MAX_REQUEST_HEADERS_LEN);
    assert_eq!(names(&at_limit).unwrap().len(), 1);
    let over = "a".repeat(MAX_REQUEST_HEADERS_LEN + 1);
    assert_eq!(names(&over), Err(RequestHeadersError::TooLong));
}

#[test]
fn item_bound_counts_empty_items_too() {
    let at_limit = vec!["x"; MAX_REQUEST_HEADERS_ITEMS].join(",");
    assert_eq!(names(&at_limit).unwrap().len(), MAX_REQUEST_HEADERS_ITEMS);
    let over = vec!["x"; MAX_REQUEST_HEADERS_ITEMS + 1].join(",");
    assert_eq!(names(&over), Err(RequestHeadersError::TooManyItems));
    let commas = ",".repeat(MAX_REQUEST_HEADERS_ITEMS);
    assert_eq!(names(&commas), Err(RequestHeadersError::TooManyItems));
}
