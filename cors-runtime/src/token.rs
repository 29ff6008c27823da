//! HTTP tokens (RFC 9110 §5.6.2): the syntax of method and header names.

/// Whether `b` is a `tchar`: the bytes a method or header name may contain.
pub(crate) const fn is_tchar(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.'
        | b'^' | b'_' | b'`' | b'|' | b'~' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// `is_tchar` for every byte, so that checking a token is one load per byte.
const TCHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        #[allow(clippy::cast_possible_truncation)] // b < 256
        let byte = b as u8;
        table[b] = is_tchar(byte);
        b += 1;
    }
    table
};

/// Whether `s` is a non-empty HTTP token.
pub(crate) fn is_token(s: &[u8]) -> bool {
    !s.is_empty() && s.iter().all(|&b| TCHAR[usize::from(b)])
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
