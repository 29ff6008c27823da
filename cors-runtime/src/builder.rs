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
/// use strict_cors::Policy;
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
/// # Ok::<(), strict_cors::Violations>(())
/// ```
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct PolicyBuilder {
    config: PolicyConfig,
    /// For each empty item `origins` skipped, in order, how many entries were kept before it:
    /// a violation's `Location::Origin` counts every entry given, as the documentation says.
    skipped_after: Vec<usize>,
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
    pub fn origin(mut self, origin: impl AsRef<str>) -> Self {
        self.config.origins.push(OriginEntry::Literal(origin.as_ref().to_owned()));
        self
    }

    /// Allows each origin entry (see [`origin`](Self::origin)). Empty items are skipped, so a
    /// comma-separated list with a trailing comma reads as expected; they still count in the
    /// numbering of [`Location::Origin`](crate::Location::Origin), which names the item given.
    ///
    /// ```
    /// use strict_cors::{Location, Policy};
    ///
    /// let rows = ["", "https://good.example.com", "https://Bad.example.com"];
    /// let errors = Policy::builder().origins(rows).build().unwrap_err();
    /// assert_eq!(errors.first().location(), Location::Origin(2));
    /// ```
    pub fn origins<S: AsRef<str>>(mut self, origins: impl IntoIterator<Item = S>) -> Self {
        for origin in origins {
            let origin = origin.as_ref();
            if origin.is_empty() {
                self.skipped_after.push(self.config.origins.len());
            } else {
                self.config.origins.push(OriginEntry::Literal(origin.to_owned()));
            }
        }
        self
    }

    /// Allows origins matching `regex`, matched against the whole origin. It is judged by the
    /// origins it matches, as a list of them would be: every host must end in a fixed
    /// registrable domain, and each alternative written out (`a|b`) is judged as an entry of
    /// its own.
    ///
    /// ```
    /// use strict_cors::Policy;
    ///
    /// let previews = Policy::builder()
    ///     .origin_regex(r"https://pr-[0-9]+\.preview\.example\.com|http://localhost:[0-9]+")
    ///     .credentials(true)
    ///     .build()?;
    /// assert!(previews.allows_origin("https://pr-42.preview.example.com"));
    ///
    /// // An unescaped `.` also matches `https://pr-1xpreview.example.com`, anyone's to register.
    /// let leaky = Policy::builder().origin_regex(r"https://pr-[0-9]+.preview\.example\.com").build();
    /// assert!(leaky.is_err());
    /// # Ok::<(), strict_cors::Violations>(())
    /// ```
    pub fn origin_regex(mut self, regex: impl AsRef<str>) -> Self {
        self.config.origins.push(OriginEntry::Regex(regex.as_ref().to_owned()));
        self
    }

    /// Sets the methods a preflight may ask for (default: every standard method): strings, or
    /// actix-web's `Method` values. No methods at all (`methods([] as [&str; 0])`) allows
    /// simple requests only: no preflight is answered.
    pub fn methods<S: AsRef<str>>(mut self, methods: impl IntoIterator<Item = S>) -> Self {
        self.config.methods.get_or_insert_with(Vec::new).extend(owned(methods));
        self
    }

    /// Allows any method, as `methods = "*"` does: `Access-Control-Allow-Methods: *`. Browsers
    /// read `*` literally on credentialed requests, so not with `credentials`.
    pub fn any_method(mut self) -> Self {
        self.config.any_method = true;
        self
    }

    /// Adds request headers a preflight may ask for: strings, or actix-web's `HeaderName`
    /// values. `"*"` allows any but `authorization`, which can be listed beside it.
    pub fn allow_headers<S: AsRef<str>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.config.allow_headers.extend(owned(headers));
        self
    }

    /// Adds response headers scripts may read: strings or `HeaderName` values; `"*"` for any.
    pub fn expose_headers<S: AsRef<str>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.config.expose_headers.extend(owned(headers));
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
        self.config.validate().map_err(|violations| {
            if self.skipped_after.is_empty() {
                return violations;
            }
            // The validator counts the entries kept; each skipped item before one moves it on by
            // one: those skipped after at most `kept` entries (a sorted list, searched).
            violations
                .renumber_origins(|kept| kept + self.skipped_after.partition_point(|&after| after <= kept))
        })
    }
}

/// Names as the validator takes them, whatever string-like type the caller has.
fn owned<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> impl Iterator<Item = String> {
    names.into_iter().map(|name| name.as_ref().to_owned())
}
