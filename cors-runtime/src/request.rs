//! The CORS request headers, read in place and within fixed bounds.

use std::fmt;

use crate::token::is_tchar;

/// The longest `Access-Control-Request-Headers` value accepted. Browsers send one name per
/// header a script set, lowercase and comma-separated: far below this.
pub const MAX_REQUEST_HEADERS_LEN: usize = 4096;
/// The most items (names and empty items) accepted in `Access-Control-Request-Headers`.
pub const MAX_REQUEST_HEADERS_ITEMS: usize = 64;

/// One request header as the decision engine sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderInput<'a> {
    /// Not sent.
    Absent,
    /// Sent once, with this value.
    One(&'a [u8]),
    /// Sent more than once: browsers never do, so it is never allowed.
    Repeated,
}

impl<'a> HeaderInput<'a> {
    /// Builds the input from every value of one header, in order.
    ///
    /// ```
    /// use strict_cors::decision::HeaderInput;
    ///
    /// assert_eq!(HeaderInput::from_values([b"a".as_slice()]), HeaderInput::One(b"a"));
    /// assert_eq!(HeaderInput::from_values([b"a".as_slice(), b"b"]), HeaderInput::Repeated);
    /// ```
    pub fn from_values(values: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let mut values = values.into_iter();
        match (values.next(), values.next()) {
            (None, _) => HeaderInput::Absent,
            (Some(one), None) => HeaderInput::One(one),
            (Some(_), Some(_)) => HeaderInput::Repeated,
        }
    }

    /// Whether the header was sent at all.
    pub fn is_present(&self) -> bool {
        !matches!(self, HeaderInput::Absent)
    }
}

/// What the decision engine reads of a request: its method and the four CORS request headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CorsRequest<'a> {
    /// The request method, as sent.
    pub method: &'a [u8],
    /// `Origin`.
    pub origin: HeaderInput<'a>,
    /// `Access-Control-Request-Method`.
    pub request_method: HeaderInput<'a>,
    /// `Access-Control-Request-Headers`: every field line, in order (none: not sent). Several
    /// lines are one comma-separated list, as if joined (RFC 9110 §5.3), and the bounds apply
    /// to that list.
    pub request_headers: &'a [&'a [u8]],
    /// `Access-Control-Request-Private-Network`.
    pub request_private_network: HeaderInput<'a>,
}

impl CorsRequest<'_> {
    /// Whether this is a preflight: `OPTIONS` with both `Origin` and
    /// `Access-Control-Request-Method`.
    pub fn is_preflight(&self) -> bool {
        self.method == b"OPTIONS" && self.origin.is_present() && self.request_method.is_present()
    }
}

/// Why an `Access-Control-Request-Headers` value was not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestHeadersError {
    /// Longer than [`MAX_REQUEST_HEADERS_LEN`].
    TooLong,
    /// More than [`MAX_REQUEST_HEADERS_ITEMS`] items.
    TooManyItems,
    /// An item that is not a header name.
    NotAToken,
}

impl fmt::Display for RequestHeadersError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RequestHeadersError::TooLong => "Access-Control-Request-Headers is longer than any browser sends",
            RequestHeadersError::TooManyItems => {
                "Access-Control-Request-Headers has more items than any browser sends"
            }
            RequestHeadersError::NotAToken => {
                "Access-Control-Request-Headers has an item that is not a header name"
            }
        })
    }
}

/// The names in an `Access-Control-Request-Headers` value, borrowed from it: items are
/// separated by `,`, spaces and tabs around them are ignored, empty items are skipped.
///
/// ```
/// use strict_cors::decision::RequestHeaderNames;
///
/// let names = RequestHeaderNames::new(b" X-Trace ,, content-type,").unwrap();
/// assert_eq!(names.collect::<Vec<_>>(), [&b"X-Trace"[..], b"content-type"]);
/// ```
#[derive(Clone, Debug)]
pub struct RequestHeaderNames<'a> {
    items: std::slice::Split<'a, u8, fn(&u8) -> bool>,
}

impl<'a> RequestHeaderNames<'a> {
    /// Checks the bounds and the syntax of every item, then iterates over the names.
    pub fn new(value: &'a [u8]) -> Result<Self, RequestHeadersError> {
        scan_lines([value], |_| true)?;
        Ok(RequestHeaderNames { items: value.split(is_comma) })
    }
}

#[allow(clippy::trivially_copy_pass_by_ref)] // the shape `slice::split` takes
fn is_comma(b: &u8) -> bool {
    *b == b','
}

/// Reads `Access-Control-Request-Headers` in one pass over its field lines, as the one list they
/// make when joined with `", "`, within the bounds; hands each name to `accept` and returns the
/// first name it refuses, if any.
pub(crate) fn scan_lines<'a>(
    lines: impl IntoIterator<Item = &'a [u8]>,
    mut accept: impl FnMut(&[u8]) -> bool,
) -> Result<Option<&'a [u8]>, RequestHeadersError> {
    let (mut len, mut items) = (0, 0);
    for (n, line) in lines.into_iter().enumerate() {
        // The joined list has `", "` between lines.
        len += line.len() + if n == 0 { 0 } else { 2 };
        if len > MAX_REQUEST_HEADERS_LEN {
            return Err(RequestHeadersError::TooLong);
        }
        if let Some(refused) = scan(line, &mut items, &mut accept)? {
            return Ok(Some(refused));
        }
    }
    Ok(None)
}

/// Reads one field line of `Access-Control-Request-Headers` in one pass, counting its items
/// into `items`; returns the first name `accept` refuses, if any. Each byte is looked at once:
/// spaces and tabs, then a name, then spaces and tabs, then a comma or the end.
fn scan<'a>(
    value: &'a [u8],
    items: &mut usize,
    accept: &mut impl FnMut(&[u8]) -> bool,
) -> Result<Option<&'a [u8]>, RequestHeadersError> {
    let skip_ows = |mut i: usize| {
        while value.get(i).is_some_and(|b| matches!(b, b' ' | b'\t')) {
            i += 1;
        }
        i
    };
    let mut i = 0;
    loop {
        if *items == MAX_REQUEST_HEADERS_ITEMS {
            return Err(RequestHeadersError::TooManyItems);
        }
        *items += 1;
        let start = skip_ows(i);
        i = start;
        while value.get(i).is_some_and(|&b| is_tchar(b)) {
            i += 1;
        }
        let name = &value[start..i];
        i = skip_ows(i);
        match value.get(i) {
            None | Some(b',') => {}
            Some(_) => return Err(RequestHeadersError::NotAToken),
        }
        if !name.is_empty() && !accept(name) {
            return Ok(Some(name));
        }
        if i == value.len() {
            return Ok(None);
        }
        i += 1;
    }
}

impl<'a> Iterator for RequestHeaderNames<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        self.items.by_ref().map(trim_ows).find(|item| !item.is_empty())
    }
}

/// Strips optional whitespace (spaces and tabs) from both ends.
fn trim_ows(item: &[u8]) -> &[u8] {
    let is_ows = |b: &u8| matches!(b, b' ' | b'\t');
    let start = item.iter().position(|b| !is_ows(b)).unwrap_or(item.len());
    let end = item.iter().rposition(|b| !is_ows(b)).map_or(start, |i| i + 1);
    &item[start..end]
}
