//! Every compile-time rule as a trybuild case: `tests/ui/<mistake>.rs` must fail to compile with
//! exactly the error in `tests/ui/<mistake>.stderr`; `tests/ui/pass/*.rs` must compile.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
