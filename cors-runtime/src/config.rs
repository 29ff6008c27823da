//! A policy as a user writes it, before any check.

/// One entry of `origins`, as written.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum OriginEntry {
    /// `"*"`, an exact origin such as `"https://app.example.com"`, a subdomain pattern
    /// `"https://*.example.com"` or a port pattern `"http://localhost:*"`.
    Literal(String),
    /// `regex("...")`: matched against the whole origin, as if wrapped in `^(?:...)$`.
    Regex(String),
}

/// Everything a policy says, in the form the user wrote it: the validator's input.
///
/// The `#[cors(...)]` attribute fills one of these at compile time; [`PolicyBuilder`](crate::PolicyBuilder)
/// fills one from configuration. [`PolicyConfig::validate`] turns it into a [`Policy`](crate::Policy)
/// or reports every mistake at once.
///
/// `"*"` is written as a one-entry list: `origins = "*"` is `vec![OriginEntry::Literal("*")]`,
/// `allow_headers = "*"` is `vec!["*"]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyConfig {
    /// Who may read responses. Must not be empty.
    pub origins: Vec<OriginEntry>,
    /// Methods a preflight may ask for; `None` means every method in `route_methods`.
    pub methods: Option<Vec<String>>,
    /// `methods = "*"`: any method (then `methods` is `None`).
    pub any_method: bool,
    /// Methods the protected route serves, when the policy belongs to one route (`#[cors]` reads
    /// them from the routing attribute). `None` for a policy not tied to a route.
    pub route_methods: Option<Vec<String>>,
    /// Request headers a preflight may ask for (`Access-Control-Allow-Headers`).
    pub allow_headers: Vec<String>,
    /// Response headers scripts may read (`Access-Control-Expose-Headers`).
    pub expose_headers: Vec<String>,
    /// Whether cookies and HTTP authentication are allowed.
    pub credentials: bool,
    /// `Access-Control-Max-Age` in seconds; `None` sends no header (browsers then use 5 s).
    pub max_age: Option<i64>,
    /// Whether to answer `Access-Control-Request-Private-Network: true`.
    pub private_network: bool,
}
