//! What the validator reports: typed, located, printable.

use std::fmt;

/// The rules of a CORS policy, numbered as in the README's list of compile-time checks.
///
/// Every [`Violation`] names one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// 1. `"*"` (any origin, any header) together with `credentials`.
    WildcardWithCredentials,
    /// 2. `"*"` mixed with other entries, or an entry listed twice.
    DuplicateOrMixed,
    /// 3. An origin that is not `scheme://host[:port]` exactly as browsers send it.
    MalformedOrigin,
    /// 4. `"null"` and `file://` origins.
    OpaqueOrigin,
    /// 5. A wildcard that is not a whole leading label or a whole port, or that covers a public
    ///    suffix.
    MisplacedWildcard,
    /// 6. Plain-HTTP origins (other than loopback) with `credentials`.
    InsecureCredentials,
    /// 7. A `regex(..)` that does not compile or lets `.` match any character in the host.
    UnsafeRegex,
    /// 8. A method that is not a token, is forbidden by browsers, is a standard method in the
    ///    wrong case, or is not served by the route.
    InvalidMethod,
    /// 9. A header name that is not a token, a forbidden request header or a response header
    ///    in `allow_headers`, or in `expose_headers` one that scripts can never read there
    ///    (`set-cookie`, a request header, a preflight's).
    InvalidHeader,
    /// 10. `max_age` negative or above what any browser honours.
    MaxAgeOutOfRange,
    /// 12. `private_network` for any origin, or for a plain-HTTP one (other than loopback).
    UnsafePrivateNetwork,
    /// 13. With `credentials`, an origin whose host is a shared service's own name, a public
    ///     suffix of the list's private section (`https://s3.amazonaws.com`), which serves its
    ///     users' pages.
    PublicSuffixWithCredentials,
}

impl Rule {
    /// The rule's number in the README's list of compile-time checks.
    pub const fn number(self) -> u8 {
        match self {
            Rule::WildcardWithCredentials => 1,
            Rule::DuplicateOrMixed => 2,
            Rule::MalformedOrigin => 3,
            Rule::OpaqueOrigin => 4,
            Rule::MisplacedWildcard => 5,
            Rule::InsecureCredentials => 6,
            Rule::UnsafeRegex => 7,
            Rule::InvalidMethod => 8,
            Rule::InvalidHeader => 9,
            Rule::MaxAgeOutOfRange => 10,
            Rule::UnsafePrivateNetwork => 12,
            Rule::PublicSuffixWithCredentials => 13,
        }
    }

    /// A short name for the rule, as printed in messages.
    pub const fn name(self) -> &'static str {
        match self {
            Rule::WildcardWithCredentials => "wildcard with credentials",
            Rule::DuplicateOrMixed => "redundant entry",
            Rule::MalformedOrigin => "malformed origin",
            Rule::OpaqueOrigin => "opaque origin",
            Rule::MisplacedWildcard => "misplaced wildcard",
            Rule::InsecureCredentials => "credentials over plain http",
            Rule::UnsafeRegex => "unsafe regex",
            Rule::InvalidMethod => "invalid method",
            Rule::InvalidHeader => "invalid header",
            Rule::MaxAgeOutOfRange => "max_age out of range",
            Rule::UnsafePrivateNetwork => "unsafe private network access",
            Rule::PublicSuffixWithCredentials => "public suffix with credentials",
        }
    }
}

/// Which key or entry of a policy a violation is about, so that a front end can point at the
/// token the user wrote. Entries count from 0 in the order they were given: to
/// `#[cors(origins = [..])]`, or to the builder's `origin`, `origins` and `origin_regex` calls
/// together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// The `origins` key as a whole (for example an empty list).
    Origins,
    /// `origins[i]`.
    Origin(usize),
    /// The `methods` key as a whole.
    Methods,
    /// `methods[i]`.
    Method(usize),
    /// `allow_headers[i]`.
    AllowHeader(usize),
    /// `expose_headers[i]`.
    ExposeHeader(usize),
    /// The `credentials` flag.
    Credentials,
    /// The `max_age` value.
    MaxAge,
    /// The `private_network` flag.
    PrivateNetwork,
}

/// One broken rule: which, where, why it matters and what to write instead.
///
/// Displays as `rule name: message`, lowercase, without a trailing period, ready to be shown
/// as a compile error or a startup error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    rule: Rule,
    /// The main location, then the other one for a rule about two tokens.
    locations: [Location; 2],
    /// How many of `locations` there are: 1 or 2.
    located: usize,
    message: String,
}

impl Violation {
    pub(crate) fn new(rule: Rule, at: Location, message: impl Into<String>) -> Self {
        Violation { rule, locations: [at, at], located: 1, message: message.into() }
    }

    pub(crate) fn also_at(mut self, at: Location) -> Self {
        self.locations[1] = at;
        self.located = 2;
        self
    }

    /// The rule broken.
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// Where the mistake is.
    pub fn location(&self) -> Location {
        self.locations[0]
    }

    /// Where the mistake is: the first location is the main one; a rule about two entries
    /// (`"*"` with `credentials`) names both.
    pub fn locations(&self) -> &[Location] {
        &self.locations[..self.located.min(2)]
    }

    /// What is wrong, why it matters, and the fix; without the rule name.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule.name(), self.message)
    }
}

impl std::error::Error for Violation {}

/// Every violation of one policy, in the order of the entries they concern: at least one.
///
/// ```
/// use strict_cors::{Policy, Rule};
///
/// let errors = Policy::builder().origin("*").credentials(true).max_age(100_000).build().unwrap_err();
/// let rules: Vec<Rule> = errors.iter().map(|v| v.rule()).collect();
/// assert_eq!(rules, [Rule::WildcardWithCredentials, Rule::MaxAgeOutOfRange]);
/// assert_eq!(errors.first().rule(), Rule::WildcardWithCredentials);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations {
    first: Violation,
    rest: Vec<Violation>,
}

impl Violations {
    /// The violations of `all`, or `None` if there are none.
    pub(crate) fn of(all: Vec<Violation>) -> Option<Violations> {
        let mut all = all.into_iter();
        all.next().map(|first| Violations { first, rest: all.collect() })
    }

    /// With each `Location::Origin(i)` renumbered to `renumber(i)`: for entries counted
    /// otherwise than the validator saw them (empty items the builder skipped).
    pub(crate) fn renumber_origins(mut self, renumber: impl Fn(usize) -> usize) -> Violations {
        for violation in std::iter::once(&mut self.first).chain(&mut self.rest) {
            for location in &mut violation.locations {
                if let Location::Origin(i) = location {
                    *i = renumber(*i);
                }
            }
        }
        self
    }

    /// The first violation: there is always one.
    pub fn first(&self) -> &Violation {
        &self.first
    }

    /// The violations, in order.
    pub fn iter(&self) -> ViolationsIter<'_> {
        std::iter::once(&self.first).chain(self.rest.iter())
    }

    /// How many rules were broken: at least one.
    pub fn len(&self) -> usize {
        1 + self.rest.len()
    }

    /// Always false: a policy is refused for at least one violation.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// The iterator of [`Violations::iter`].
pub type ViolationsIter<'a> =
    std::iter::Chain<std::iter::Once<&'a Violation>, std::slice::Iter<'a, Violation>>;

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::iter::Chain<std::iter::Once<Violation>, std::vec::IntoIter<Violation>>;
    fn into_iter(self) -> Self::IntoIter {
        std::iter::once(self.first).chain(self.rest)
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = ViolationsIter<'a>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.len();
        write!(f, "invalid CORS policy ({n} {})", if n == 1 { "error" } else { "errors" })?;
        for v in self {
            write!(f, "\n  - {v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}
