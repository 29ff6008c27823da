//! The origins browsers send, as an automaton read a byte at a time: `scheme://host[:port]`,
//! in lowercase, without the scheme's default port, without an empty label, nothing after the
//! port. It admits more than browsers send (any IPv4 spelling, any character a host may hold),
//! never less but a host with a trailing dot, which rule 3 refuses in a literal entry too.
//!
//! Two readers share it: the validator, which walks it together with a regex entry to tell
//! whether the regex matches any origin at all (rule 3), and the matcher, which lets a regex
//! see only what it admits, so that a regex matching more than origins
//! (`http://(.*?)\.example\.com` matches `http://evil.net/.example.com`) grants origins only.

use std::collections::{HashMap, VecDeque};
use std::sync::LazyLock;

/// Whether browsers could send `origin` (as far as [`Sent`] tells). Read through [`TABLE`]:
/// stepping [`Sent`] itself costs about 48 instructions a byte (1,600 for a usual origin,
/// measured), the table about 4.
pub(crate) fn is_sent(origin: &[u8]) -> bool {
    let table = &*TABLE;
    // The dead state leads to itself: no test per byte (an origin is at most 512 bytes here).
    let end =
        origin.iter().fold(Table::START, |state, &byte| table.next[usize::from(state)][usize::from(byte)]);
    table.may_end[usize::from(end)]
}

/// [`Sent`] as a transition table, made from [`Sent::next`] on first use, so the two cannot
/// disagree: each state reachable from [`Sent::START`] numbered, with a dead state for a byte
/// no origin goes on with.
struct Table {
    next: Vec<[u16; 256]>,
    may_end: Vec<bool>,
}

static TABLE: LazyLock<Table> = LazyLock::new(Table::new);

impl Table {
    const DEAD: u16 = 0;
    const START: u16 = 1;

    fn new() -> Table {
        let mut table = Table { next: vec![[Self::DEAD; 256]], may_end: vec![false] };
        let mut ids = HashMap::from([(Sent::START, Self::START)]);
        let mut pending = VecDeque::from([Sent::START]);
        table.next.push([Self::DEAD; 256]);
        table.may_end.push(Sent::START.may_end());
        while let Some(sent) = pending.pop_front() {
            let from = usize::from(ids[&sent]);
            for byte in 0..=u8::MAX {
                let Some(to) = sent.next(byte) else { continue };
                let id = *ids.entry(to).or_insert_with(|| {
                    pending.push_back(to);
                    table.next.push([Self::DEAD; 256]);
                    table.may_end.push(to.may_end());
                    // A few hundred states at most (the port's digits bound them).
                    u16::try_from(table.next.len() - 1).expect("fewer than 65,536 states")
                });
                table.next[from][usize::from(byte)] = id;
            }
        }
        table
    }
}

/// Where in an origin a browser sends the bytes read so far are; a byte that cannot come next
/// ends the walk on that path.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Sent {
    Scheme(Scheme),
    /// After `scheme:`, having read `slashes` of the two `/`.
    Slashes(Kind, u8),
    /// Right after `://`.
    HostStart(Kind),
    /// Right after a `.` of a name.
    LabelStart(Kind),
    Label(Kind),
    /// Inside the `[...]` of an IPv6 address.
    Ipv6(Kind),
    Ipv6End(Kind),
    Port(Kind, Port),
}

/// The schemes whose origins are written apart from others, read so far; `Other` for any else.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scheme {
    Empty,
    H,
    Ht,
    Htt,
    Http,
    Https,
    W,
    Ws,
    Wss,
    F,
    Fi,
    Fil,
    File,
    Ft,
    Ftp,
    /// Read `at` bytes of `scheme`'s name.
    Ownerless {
        scheme: Ownerless,
        at: u8,
    },
    Other,
}

/// Schemes of pages that send no origin of their own: a `data:` page sends `null`, a `blob:`,
/// `javascript:` or `about:` one the origin of the page that made it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Ownerless {
    Data,
    Blob,
    About,
    Javascript,
}

impl Ownerless {
    const ALL: [Ownerless; 4] = [Ownerless::Data, Ownerless::Blob, Ownerless::About, Ownerless::Javascript];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Ownerless::Data => "data",
            Ownerless::Blob => "blob",
            Ownerless::About => "about",
            Ownerless::Javascript => "javascript",
        }
    }

    /// The scheme so named, if it is one.
    pub(crate) fn named(name: &str) -> Option<Ownerless> {
        Ownerless::ALL.into_iter().find(|scheme| scheme.name() == name)
    }
}

/// What a scheme says about its port: browsers leave `http`'s 80 and `https`'s 443 out.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Http,
    Https,
    Other,
}

impl Kind {
    fn default_port(self) -> &'static [u8] {
        match self {
            Kind::Http => b"80",
            Kind::Https => b"443",
            Kind::Other => b"",
        }
    }
}

/// The digits of a port read so far.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Port {
    digits: u8,
    /// How the digits compare with the first as many of `65535`: the port is in range if it has
    /// fewer than five, or they are not `Above`.
    to_max: Compared,
    /// Whether they are the scheme's default port so far.
    default_so_far: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Compared {
    Below,
    Same,
    Above,
}

/// What a host never holds (WHATWG URL's forbidden domain code points, among visible ASCII),
/// and the `.` between labels: a table, since the matcher reads every byte of each origin a
/// regex sees with it, where a scan of the list would compare a byte up to fifteen times.
const NOT_IN_A_LABEL: [bool; 256] = {
    let (mut table, list) = ([false; 256], b"#%/:<>?@[\\]^|.");
    let mut at = 0;
    while at < list.len() {
        table[list[at] as usize] = true;
        at += 1;
    }
    table
};

impl Sent {
    /// Before anything is read.
    pub(crate) const START: Sent = Sent::Scheme(Scheme::Empty);

    /// The state after `byte`, if an origin a browser sends can go on with it.
    pub(crate) fn next(self, byte: u8) -> Option<Sent> {
        // Visible ASCII but uppercase and what a host never holds; the `.` between labels apart.
        let host_char =
            |b: u8| b.is_ascii_graphic() && !b.is_ascii_uppercase() && !NOT_IN_A_LABEL[usize::from(b)];
        Some(match self {
            Sent::Scheme(read) if byte == b':' => Sent::Slashes(read.kind()?, 0),
            Sent::Scheme(read) => Sent::Scheme(read.next(byte)?),
            Sent::Slashes(kind, 0) if byte == b'/' => Sent::Slashes(kind, 1),
            Sent::Slashes(kind, _) if byte == b'/' => Sent::HostStart(kind),
            Sent::HostStart(kind) if byte == b'[' => Sent::Ipv6(kind),
            Sent::HostStart(kind) | Sent::LabelStart(kind) | Sent::Label(kind) if host_char(byte) => {
                Sent::Label(kind)
            }
            Sent::Label(kind) if byte == b'.' => Sent::LabelStart(kind),
            Sent::Label(kind) | Sent::Ipv6End(kind) if byte == b':' => {
                Sent::Port(kind, Port { digits: 0, to_max: Compared::Same, default_so_far: true })
            }
            Sent::Ipv6(kind) if byte == b']' => Sent::Ipv6End(kind),
            Sent::Ipv6(kind)
                if (byte.is_ascii_hexdigit() && !byte.is_ascii_uppercase()) || b":.".contains(&byte) =>
            {
                Sent::Ipv6(kind)
            }
            Sent::Port(kind, port) if byte.is_ascii_digit() => Sent::Port(kind, port.next(kind, byte)?),
            _ => return None,
        })
    }

    /// Whether nothing of the host has been read yet.
    pub(crate) fn before_host(self) -> bool {
        matches!(self, Sent::Scheme(_) | Sent::Slashes(..) | Sent::HostStart(_))
    }

    /// Whether an origin a browser sends can end here.
    pub(crate) fn may_end(self) -> bool {
        match self {
            Sent::Label(_) | Sent::Ipv6End(_) => true,
            Sent::Port(kind, port) => {
                port.digits > 0
                    && !(port.digits == 5 && port.to_max == Compared::Above)
                    && !(port.default_so_far && usize::from(port.digits) == kind.default_port().len())
            }
            _ => false,
        }
    }
}

impl Scheme {
    fn next(self, byte: u8) -> Option<Scheme> {
        let scheme_char = byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"+-.".contains(&byte);
        Some(match (self, byte) {
            (Self::Empty, _) if !byte.is_ascii_lowercase() => return None,
            (Self::Empty, b'h') => Self::H,
            (Self::H, b't') => Self::Ht,
            (Self::Ht, b't') => Self::Htt,
            (Self::Htt, b'p') => Self::Http,
            (Self::Http, b's') => Self::Https,
            (Self::Empty, b'w') => Self::W,
            (Self::W, b's') => Self::Ws,
            (Self::Ws, b's') => Self::Wss,
            (Self::Empty, b'f') => Self::F,
            (Self::F, b'i') => Self::Fi,
            (Self::Fi, b'l') => Self::Fil,
            (Self::Fil, b'e') => Self::File,
            (Self::F, b't') => Self::Ft,
            (Self::Ft, b'p') => Self::Ftp,
            // Another first letter: a scheme without an owner, or any other.
            (Self::Empty, _) => match Ownerless::ALL.into_iter().find(|s| s.name().as_bytes()[0] == byte) {
                Some(scheme) => Self::Ownerless { scheme, at: 1 },
                None => Self::Other,
            },
            (Self::Ownerless { scheme, at }, _)
                if scheme.name().as_bytes().get(usize::from(at)) == Some(&byte) =>
            {
                Self::Ownerless { scheme, at: at + 1 }
            }
            _ if scheme_char => Self::Other,
            _ => return None,
        })
    }

    /// What the scheme read, ended by `:`, says about ports; `None` if browsers send no
    /// origin of it: none at all, `file` (they send `null`), a WebSocket's (they send the
    /// page's), `ftp` (they load no page over it), and [`Ownerless`] ones.
    fn kind(self) -> Option<Kind> {
        match self {
            Scheme::Empty | Scheme::Ws | Scheme::Wss | Scheme::File | Scheme::Ftp => None,
            Scheme::Ownerless { scheme, at } if usize::from(at) == scheme.name().len() => None,
            Scheme::Http => Some(Kind::Http),
            Scheme::Https => Some(Kind::Https),
            _ => Some(Kind::Other),
        }
    }
}

impl Port {
    fn next(self, kind: Kind, digit: u8) -> Option<Port> {
        // No leading zero, no port 0, at most five digits.
        if (self.digits == 0 && digit == b'0') || self.digits == 5 {
            return None;
        }
        let at = usize::from(self.digits);
        let to_max = match self.to_max {
            Compared::Same => match digit.cmp(&b"65535"[at]) {
                std::cmp::Ordering::Less => Compared::Below,
                std::cmp::Ordering::Equal => Compared::Same,
                std::cmp::Ordering::Greater => Compared::Above,
            },
            decided => decided,
        };
        let default_so_far = self.default_so_far && kind.default_port().get(at) == Some(&digit);
        Some(Port { digits: self.digits + 1, to_max, default_so_far })
    }
}

#[cfg(test)]
mod tests {
    use super::{Sent, TABLE, is_sent};

    #[test]
    fn the_table_is_the_automaton() {
        assert!(TABLE.next.len() < 400, "{} states", TABLE.next.len());
        // Every string of up to three bytes after a few prefixes, read both ways.
        let bytes: Vec<u8> = (0..=u8::MAX).collect();
        for prefix in ["", "h", "https:/", "https://a", "https://a.b:", "https://a.b:6553", "http://[::1"] {
            for a in &bytes {
                for b in [b'/', b':', b'.', b'0', b'5', b'9', b'a', b'A', b']', b'@', 0x80] {
                    let mut text = prefix.as_bytes().to_vec();
                    text.extend([*a, b]);
                    let mut sent = Some(Sent::START);
                    for &byte in &text {
                        sent = sent.and_then(|s| s.next(byte));
                    }
                    assert_eq!(is_sent(&text), sent.is_some_and(Sent::may_end), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn origins_as_browsers_write_them() {
        for origin in [
            "https://app.example.com",
            "http://localhost:8080",
            "https://my_app.example.com",
            "https://[::1]:8443",
            "http://127.0.0.1",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
            "https://app.example.com:65535",
        ] {
            assert!(is_sent(origin.as_bytes()), "{origin}");
        }
    }

    #[test]
    fn what_no_browser_writes_as_an_origin() {
        for written in [
            "http://evil.net/.example.com",
            "http://evil.net?.example.com",
            "http://me@evil.net#.example.com",
            "http://evil.net:80.example.com",
            "https://App.example.com",
            "https://app.example.com:443",
            "http://app.example.com:80",
            "https://app.example.com.",
            "https://app..example.com",
            "https://app.example.com:0",
            "https://app.example.com:65536",
            "https://app.example.com:080",
            "https://app.example.com/",
            "ws://app.example.com",
            "file://app.example.com",
            "ftp://files.example.com",
            "data://app.example.com",
            "blob://app.example.com",
            "about://app.example.com",
            "javascript://app.example.com",
            "null",
            "",
            "https://",
            "https://app.example.com:",
            "https://app\u{e9}.example.com",
            "https://app example.com",
            "https://app.example.com\t",
        ] {
            assert!(!is_sent(written.as_bytes()), "{written:?}");
        }
        assert!(!is_sent(b"https://app\xff.example.com"));
    }
}
