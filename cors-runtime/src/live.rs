//! Live policies: replaced while the server runs, read without locks.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use arc_swap::ArcSwapOption;

use crate::policy::Policy;

/// A policy that can be replaced while the server runs: for origin lists that live in a
/// database or a file and change without a restart.
///
/// Declared as a `static` whose first policy is checked at compile time like any
/// [`policy!`](https://docs.rs/strict-cors/latest/strict_cors/macro.policy.html), and used
/// wherever a named policy is: `#[cors(policy = NAME)]`, `Cors::new(&NAME)`, and by `Layer`.
/// [`reload`](LivePolicy::reload) swaps in a policy made by `Policy::builder()`, so a new list
/// goes through every check before it can be served; an invalid one never reaches the policy,
/// and the one in force stays.
///
/// Requests read the policy without locking. Each response is answered by one policy whole
/// (its decision and every header come from the same one): the one in force when the request
/// reached what answers for it (the route's CORS layer, a `Cors` middleware, or `Layer` for a
/// refusal in front of the route; a route inside a `Cors` middleware judges by the version the
/// middleware read). A replaced policy is freed once the last request using it is done.
///
/// A reload does not take back what browsers already hold: a preflight answer cached for
/// `max_age` seconds still lets the page send (though not read) requests the new policy
/// refuses, until it expires. For lists that lose entries, keep `max_age` short.
///
/// ```
/// use strict_cors::{LivePolicy, Policy, policy};
///
/// static TENANTS: LivePolicy = LivePolicy::new(policy!(origins = ["https://app.example.com"], credentials));
///
/// // Later, from the database:
/// let origins = ["https://app.example.com", "https://shop.customer.example"];
/// match Policy::builder().origins(origins).credentials(true).build() {
///     Ok(policy) => TENANTS.reload(policy),
///     Err(errors) => eprintln!("kept the current origins: {errors}"),
/// }
/// assert!(TENANTS.current().allows_origin("https://shop.customer.example"));
/// ```
pub struct LivePolicy {
    /// In force until the first reload.
    initial: Policy,
    /// The last policy reloaded.
    current: ArcSwapOption<Policy>,
    /// When it was, in milliseconds since the Unix epoch; 0 before the first reload.
    reloaded_at: AtomicU64,
}

impl LivePolicy {
    /// A live policy whose first policy is `initial`: a `policy!`, in a `static`. For a list
    /// loaded at start-up (from a database), declare the `static` with a placeholder policy
    /// and [`reload`](LivePolicy::reload) it before the server starts; `#[cors(policy = NAME)]`
    /// names a `static`. (Elsewhere, `Box::leak` of a `LivePolicy::new(built)` serves too.)
    pub const fn new(initial: Policy) -> LivePolicy {
        LivePolicy { initial, current: ArcSwapOption::const_empty(), reloaded_at: AtomicU64::new(0) }
    }

    /// Puts `policy` in force for every request that reaches it from now on (a `Policy`, or an
    /// `Arc<Policy>` to share one). Requests that reached it already finish with the policy
    /// they found; it is freed by whichever lets it go last: this call, or the last of them.
    pub fn reload(&self, policy: impl Into<Arc<Policy>>) {
        let policy = policy.into();
        policy.prepare();
        // The one replaced is dropped here, on the reloading thread, unless a request holds it.
        drop(self.current.swap(Some(policy)));
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
        // Two reloads at once: the later time stands, whichever thread gets here last.
        self.reloaded_at.fetch_max(u64::try_from(now.as_millis()).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// The policy in force now, kept for as long as the returned value lives.
    pub fn current(&'static self) -> Current {
        match self.current.load_full() {
            Some(policy) => Current::Reloaded(policy),
            None => Current::Initial(&self.initial),
        }
    }

    /// When the policy was last reloaded, or `None` if it never was.
    pub fn reloaded_at(&self) -> Option<SystemTime> {
        match self.reloaded_at.load(Ordering::Relaxed) {
            0 => None,
            millis => Some(UNIX_EPOCH + Duration::from_millis(millis)),
        }
    }
}

impl fmt::Debug for LivePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LivePolicy").field("reloaded_at", &self.reloaded_at()).finish_non_exhaustive()
    }
}

/// The policy a live policy had in force when a request started; derefs to [`Policy`].
#[derive(Clone, Debug)]
pub enum Current {
    /// The policy it was declared with.
    Initial(&'static Policy),
    /// One reloaded since.
    Reloaded(Arc<Policy>),
}

impl Deref for Current {
    type Target = Policy;

    fn deref(&self) -> &Policy {
        match self {
            Current::Initial(policy) => policy,
            Current::Reloaded(policy) => policy,
        }
    }
}

/// What `Cors::new`, `#[cors(policy = NAME)]` and `Layer` take: a [`Policy`] or a
/// [`LivePolicy`] in a `static`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a CORS policy",
    label = "`policy = NAME` and `Cors::new` take a `static` made with `policy!(..)`, or a `LivePolicy`"
)]
pub trait NamedPolicy: sealed::Sealed + Sync + 'static {
    #[doc(hidden)]
    fn source(&'static self) -> Source;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for crate::Policy {}
    impl Sealed for super::LivePolicy {}
}

impl NamedPolicy for Policy {
    fn source(&'static self) -> Source {
        Source::Fixed(self)
    }
}

impl NamedPolicy for LivePolicy {
    fn source(&'static self) -> Source {
        Source::Live(self)
    }
}

/// Where a route or a middleware gets its policy from, for each request.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Source {
    /// The same policy for every request.
    Fixed(&'static Policy),
    /// The policy in force when each request starts.
    Live(&'static LivePolicy),
}

impl Source {
    /// Whether both name the same policy.
    pub(crate) fn same(self, other: Source) -> bool {
        match (self, other) {
            (Source::Fixed(a), Source::Fixed(b)) => std::ptr::eq(a, b),
            (Source::Live(a), Source::Live(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }

    /// The policy for one request.
    #[inline]
    pub(crate) fn current(self) -> Current {
        match self {
            Source::Fixed(policy) => Current::Initial(policy),
            Source::Live(live) => live.current(),
        }
    }

    /// Builds what the policy in force needs to answer requests.
    #[cfg_attr(not(feature = "actix"), allow(dead_code))]
    pub(crate) fn prepare(self) {
        self.current().prepare();
    }
}
