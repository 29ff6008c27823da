//! Policies built at run time, from configuration: the same validator as `#[cors]`, at startup.

use crate::config::{OriginEntry, PolicyConfig};
use crate::policy::Policy;
use crate::violation::Violations;

/// Builds a [`Policy`] whose entries come from configuration (a file, an environment variable)
/// rather than source code. [`build`](PolicyBuilder::build) runs the same checks as `#[cors]`
/// and returns every mistake at once, with the same messages; nothing panics and nothing is
/// only logged.
///
/// ```
/// use cors::Policy;
///
/// // e.g. from CORS_ORIGINS="https://app.example.com, https://admin.example.com"
/// let origins = "https://app.example.com, https://admin.example.com";
/// let policy = Policy::builder()
///     .origins(origins.split(',').map(str::trim))
///     .allow_headers(["content-type"])
///     .credentials(true)
///     .max_age(600)
///     .build()?;
/// assert!(policy.allows_origin("https://admin.example.com"));
///
/// let error = Policy::builder().origin("https://app.example.com/").origin("*").credentials(true).build().unwrap_err();
/// assert_eq!(error.len(), 3);
/// println!("{error}");
/// # Ok::<(), cors::Violations>(())
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct PolicyBuilder {
    config: PolicyConfig,
}

impl Policy {
    /// Starts a policy built at run time.
    pub fn builder() -> PolicyBuilder {
        PolicyBuilder::default()
    }
}

impl PolicyBuilder {
    /// Allows one origin entry: `"*"`, `"https://app.example.com"`, `"https://*.example.com"`
    /// or `"http://localhost:*"`.
    pub fn origin(mut self, origin: impl Into<String>) -> Self {
        self.config.origins.push(OriginEntry::Literal(origin.into()));
        self
    }

    /// Allows each origin entry (see [`origin`](Self::origin)). Empty items are skipped, so a
    /// comma-separated list with a trailing comma reads as expected.
    pub fn origins<S: Into<String>>(mut self, origins: impl IntoIterator<Item = S>) -> Self {
        let entries = origins.into_iter().map(Into::into).filter(|o: &String| !o.is_empty());
        self.config.origins.extend(entries.map(OriginEntry::Literal));
        self
    }

    /// Allows origins matching `regex`, matched against the whole origin.
    pub fn origin_regex(mut self, regex: impl Into<String>) -> Self {
        self.config.origins.push(OriginEntry::Regex(regex.into()));
        self
    }

    /// Sets the methods a preflight may ask for (default: every standard method).
    pub fn methods<S: Into<String>>(mut self, methods: impl IntoIterator<Item = S>) -> Self {
        self.config.methods.get_or_insert_with(Vec::new).extend(methods.into_iter().map(Into::into));
        self
    }

    /// Adds request headers a preflight may ask for; `"*"` for any but `authorization`.
    pub fn allow_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.config.allow_headers.extend(headers.into_iter().map(Into::into));
        self
    }

    /// Adds response headers scripts may read; `"*"` for any.
    pub fn expose_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.config.expose_headers.extend(headers.into_iter().map(Into::into));
        self
    }

    /// Allows cookies and HTTP authentication.
    pub fn credentials(mut self, allowed: bool) -> Self {
        self.config.credentials = allowed;
        self
    }

    /// Sets `Access-Control-Max-Age`, in seconds.
    pub fn max_age(mut self, seconds: i64) -> Self {
        self.config.max_age = Some(seconds);
        self
    }

    /// Answers private-network preflights.
    pub fn private_network(mut self, allowed: bool) -> Self {
        self.config.private_network = allowed;
        self
    }

    /// Checks every rule and returns the policy, or every violation at once.
    pub fn build(&self) -> Result<Policy, Violations> {
        self.config.validate()
    }
}
