//! `Access-Control-Request-Headers` is read within its bounds and agrees with a plain split.
#![no_main]

use cors_runtime::{MAX_REQUEST_HEADERS_ITEMS, MAX_REQUEST_HEADERS_LEN, RequestHeaderNames};
use libfuzzer_sys::fuzz_target;

fn tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fuzz_target!(|data: &[u8]| {
    let items: Vec<&[u8]> = data.split(|&b| b == b',').collect();
    let names: Vec<&[u8]> = items
        .iter()
        .map(|item| {
            let start = item.iter().position(|&b| b != b' ' && b != b'\t').unwrap_or(item.len());
            let end = item.iter().rposition(|&b| b != b' ' && b != b'\t').map_or(start, |e| e + 1);
            &item[start..end]
        })
        .filter(|name| !name.is_empty())
        .collect();
    let valid = data.len() <= MAX_REQUEST_HEADERS_LEN
        && items.len() <= MAX_REQUEST_HEADERS_ITEMS
        && names.iter().all(|name| name.iter().all(|&b| tchar(b)));
    match RequestHeaderNames::new(data) {
        Ok(read) => {
            assert!(valid, "accepted {data:?}");
            assert_eq!(read.collect::<Vec<_>>(), names);
        }
        Err(_) => assert!(!valid, "refused {data:?}"),
    }
});
