//! Every compile-time rule as a trybuild case: `tests/ui/<mistake>.rs` must fail to compile with
//! exactly the error in `tests/ui/<mistake>.stderr`; `tests/ui/pass/*.rs` must compile.
//!
//! The `.stderr` files hold our own messages, spanned on the user's tokens, so that rustc adds
//! no note of its own. `routing_attribute_actix_web_refuses` quotes actix-web's routing
//! attributes (actix-web-codegen 4.5, as the lockfile has it), to show that theirs is then the
//! only error. One case quotes rustc itself: `policy_that_is_not_a_policy`, whose
//! mistake is a type error that only the compiler can report. It was recorded with rustc
//! 1.95.0; if a later toolchain words it differently, check that only rustc's wording moved and
//! re-record it with `TRYBUILD=overwrite cargo test --test ui`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
