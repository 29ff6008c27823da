//! Configurations from the runtime builder, as the ports of other libraries' test suites write
//! them: one that must build, and one that must not, with what it breaks.

#![allow(dead_code, unreachable_pub)] // each test file uses its own part
// Builders are passed by value, as the tests write them inline.
#![allow(clippy::needless_pass_by_value)]

use strict_cors::{Location, Policy, PolicyBuilder, Rule};

/// The policy `builder` makes, which must build, made `'static` for middleware.
pub fn built(builder: PolicyBuilder) -> &'static Policy {
    builder.build().unwrap_or_else(|e| panic!("the policy should build: {e}")).into_static()
}

/// Each mistake of a configuration that must not build: its rule and where it points.
pub fn refused(builder: PolicyBuilder) -> Vec<(Rule, Location)> {
    match builder.build() {
        Ok(policy) => panic!("accepted a configuration that must not build: {policy:?}"),
        Err(errors) => errors.iter().map(|v| (v.rule(), v.location())).collect(),
    }
}

/// The rules a configuration that must not build breaks.
pub fn refused_rules(builder: PolicyBuilder) -> Vec<Rule> {
    refused(builder).into_iter().map(|(rule, _)| rule).collect()
}
