//! HTTP tokens (RFC 9110 §5.6.2): the syntax of method and header names.

/// Whether `b` is a `tchar`: the bytes a method or header name may contain. Spelled out for
/// the table below; [`is_tchar`] reads the table.
const fn tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.'
        | b'^' | b'_' | b'`' | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// A table of `$test` for every byte, built at compile time, so that checking a byte against
/// it is one load: `byte_table!(|b| b.is_ascii_digit())`.
macro_rules! byte_table {
    (|$b:ident| $test:expr) => {{
        let mut table = [false; 256];
        let mut i = 0;
        while i < 256 {
            #[allow(clippy::cast_possible_truncation)] // i < 256
            let $b = i as u8;
            table[i] = $test;
            i += 1;
        }
        table
    }};
}

/// `tchar` for every byte.
const TCHAR: [bool; 256] = byte_table!(|b| tchar(b));

/// Whether `b` may appear in a method or header name.
pub(crate) fn is_tchar(b: u8) -> bool {
    TCHAR[usize::from(b)]
}

/// Whether `s` is a non-empty HTTP token.
pub(crate) fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| is_tchar(b))
}

#[cfg(test)]
mod tests {
    use super::is_token;

    #[test]
    fn tokens() {
        for good in ["GET", "PURGE", "x-custom", "x_y", "a!#$%&'*+-.^_`|~9"] {
            assert!(is_token(good.as_bytes()), "{good}");
        }
        for bad in ["", "a b", "a,b", "a:b", "(x)", "x\"", "é", "a\tb", "a/b"] {
            assert!(!is_token(bad.as_bytes()), "{bad}");
        }
    }
}
