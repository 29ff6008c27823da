//! Policies built at run time are checked by the same rules, with the same messages, as
//! `#[cors]` at compile time: each bad policy of the trybuild corpus, restated through
//! `Policy::builder()`, must be refused with errors that appear word for word in that case's
//! `.stderr`.

use actix_web::http::{Method, header};
use strict_cors::{Policy, PolicyBuilder};

/// A name of 252 characters: every host under it has more than 253.
const LONG_NAME: &str = "b.a2345678901234567890123456789012345678901234567890123456789012.a2345678901234567890123456789012345678901234567890123456789012.a2345678901234567890123456789012345678901234567890123456789012.a234567890123456789012345678901234567890123456789012345678901";

fn ok() -> PolicyBuilder {
    Policy::builder().origin("https://app.example.com")
}

#[allow(clippy::too_many_lines, reason = "one line per trybuild case")]
fn corpus() -> Vec<(&'static str, PolicyBuilder)> {
    let b = Policy::builder;
    vec![
        ("wildcard_origin_with_credentials", b().origin("*").credentials(true)),
        ("wildcard_allow_headers_with_credentials", ok().allow_headers(["*"]).credentials(true)),
        ("wildcard_expose_headers_with_credentials", ok().expose_headers(["*"]).credentials(true)),
        ("wildcard_mixed_with_origins", b().origins(["*", "https://app.example.com"])),
        ("duplicate_origin", b().origins(["https://app.example.com", "https://app.example.com"])),
        ("duplicate_method", ok().methods(["POST", "POST"])),
        ("duplicate_header_in_another_case", ok().allow_headers(["X-Trace", "x-trace"])),
        ("origin_with_trailing_slash", b().origin("https://app.example.com/")),
        ("origin_with_path", b().origin("https://app.example.com/app")),
        ("origin_with_query", b().origin("https://app.example.com?tab=1")),
        ("origin_with_userinfo", b().origin("https://admin@app.example.com")),
        ("origin_in_uppercase", b().origin("https://App.Example.com")),
        ("origin_with_websocket_scheme", b().origin("wss://app.example.com")),
        (
            "origin_with_ftp_scheme",
            b().origin("ftp://files.example.com").origin_regex(r"ftp://mirror[0-9]\.example\.com"),
        ),
        (
            "origin_of_a_page_without_an_origin_of_its_own",
            b().origins(["data://app.example.com", "blob://app.example.com"]),
        ),
        ("origin_with_whitespace", b().origin(" https://app.example.com")),
        ("origin_with_invalid_punycode", b().origin("https://xn--f.example.com")),
        ("wildcard_over_a_name_too_long", b().origin(format!("https://*.{LONG_NAME}"))),
        (
            "response_header_in_allow_headers",
            ok().allow_headers(["content-type", "Access-Control-Allow-Origin"]),
        ),
        (
            "request_header_in_expose_headers",
            ok().expose_headers(["origin", "access-control-request-method"]),
        ),
        ("preflight_header_in_expose_headers", ok().expose_headers(["access-control-max-age"])),
        ("wildcard_origin_with_private_network", b().origin("*").private_network(true)),
        (
            "plain_http_origin_with_private_network",
            b().origins(["http://app.example.com", "http://localhost:*"]).private_network(true),
        ),
        (
            "regex_allowing_plain_http_with_private_network",
            b().origin_regex(r"https?://[a-z]+\.example\.com").private_network(true),
        ),
        ("origin_not_punycode", b().origin("https://bücher.example")),
        ("origin_with_empty_label", b().origin("https://app..example.com")),
        ("origin_with_port_out_of_range", b().origin("https://app.example.com:70000")),
        ("origin_with_leading_zero_port", b().origin("https://app.example.com:0443")),
        ("origin_with_default_port", b().origin("https://app.example.com:443")),
        ("origin_without_scheme", b().origin("app.example.com")),
        ("origin_with_noncanonical_ipv4", b().origin("http://127.0.0.01:8080")),
        ("origins_empty", b()),
        ("null_origin", b().origin("null")),
        ("file_origin", b().origin("file:///home/me/index.html")),
        ("wildcard_inside_label", b().origin("https://app-*.example.com")),
        ("wildcard_over_public_suffix", b().origin("https://*.co.uk")),
        ("wildcard_over_an_unlisted_top_level_domain", b().origin("https://*.internal")),
        ("wildcard_in_part_of_port", b().origin("http://localhost:80*")),
        ("plain_http_origin_with_credentials", b().origin("http://app.example.com").credentials(true)),
        ("regex_that_does_not_compile", b().origin_regex(r"https://(app\.example\.com")),
        ("regex_with_unescaped_dot", b().origin_regex("https://pr-[0-9]+.preview.example.com")),
        ("regex_with_an_optional_dot", b().origin_regex(r"https://www\.?example\.com").credentials(true)),
        (
            "regex_allowing_plain_http_with_credentials",
            b().origin_regex(r"https?://app\.example\.com").credentials(true),
        ),
        ("regex_not_ending_at_the_host", b().origin_regex(r"https://app\.example\.com.*")),
        ("regex_with_a_path", b().origin_regex(r"https://[a-z]+\.example\.com/")),
        ("wildcard_origin_listed_twice", b().origins(["*", "*"])),
        ("regex_with_default_port", b().origin_regex(r"https://app\.example\.com:443")),
        ("regex_not_starting_at_a_label", b().origin_regex(r"https://.*example\.com")),
        ("method_not_a_token", ok().methods(["PO ST"])),
        ("method_forbidden_by_browsers", ok().methods(["TRACE"])),
        ("method_in_lowercase", ok().methods(["patch"])),
        ("method_in_lowercase_that_browsers_uppercase", ok().methods(["put"])),
        ("header_not_a_token", ok().allow_headers(["x trace"])),
        ("header_name_written_as_a_pattern", ok().allow_headers(["x-company-*"])),
        ("forbidden_request_header", ok().allow_headers(["cookie"])),
        ("set_cookie_exposed", ok().expose_headers(["set-cookie"])),
        ("max_age_negative", ok().max_age(-1)),
        ("max_age_above_browser_caps", ok().max_age(604_800)),
        ("policy_macro_with_mistakes", b().origin("*").credentials(true).allow_headers(["cookie"])),
        (
            "wildcard_and_authorization_with_credentials",
            ok().allow_headers(["*", "authorization"]).credentials(true),
        ),
        ("header_covered_by_wildcard", ok().allow_headers(["*", "authorization", "content-type"])),
        (
            "regex_whose_hosts_end_in_a_public_suffix",
            b().origin_regex(r"https://[a-z0-9-]+\.github\.io").credentials(true),
        ),
        ("regex_matching_a_range_of_ip_addresses", b().origin_regex(r"https://10\.0\.0\.[0-9]+")),
        (
            "regex_matching_addresses_that_vary_in_front",
            b().origin_regex(r"https://[1-8][0-7][0-7]\.0\.0\.10").credentials(true),
        ),
        ("regex_matching_names_ending_in_digits", b().origin_regex(r"https://[a-z-]+1234").credentials(true)),
        (
            "regex_with_labels_after_the_host",
            b().origin_regex(r"https://app\.example\.com(\.[a-z]+)?").credentials(true),
        ),
        ("regex_closing_its_own_anchoring", b().origin_regex(r"https://app\.example\.com)|(.*")),
        ("regex_too_large_to_match_in_one_pass", b().origin_regex(r"https://[a-z]*a[a-z]{20}\.example\.com")),
        (
            "wildcard_over_a_name_with_public_suffixes_under_it",
            b().origin("https://*.amazonaws.com").credentials(true),
        ),
        (
            "public_suffix_itself_with_credentials",
            b().origin("https://s3.amazonaws.com")
                .origin_regex(r"https://(herokuapp|app\.example)\.com")
                .credentials(true),
        ),
        (
            "more_regexes_than_a_policy_holds",
            (0..65).fold(b(), |b, i| b.origin_regex(format!(r"https://app{i}\.example\.com"))),
        ),
        ("wildcard_methods_with_credentials", ok().any_method().credentials(true)),
        ("wildcard_method_inside_a_list", ok().methods(["*"])),
        ("regex_fixing_an_address_browsers_spell_otherwise", b().origin_regex(r"http://127\.0\.0\.010:8080")),
        (
            "mistakes_beside_a_missing_routing_attribute",
            b().origin("https://App.example.com").max_age(90_000),
        ),
        ("wildcard_with_credentials_after_a_missing_comma", b().origin("*").credentials(true).max_age(5)),
        (
            "preflight_key_with_no_methods",
            ok().methods::<&str>([]).allow_headers([header::CONTENT_TYPE]).max_age(600),
        ),
    ]
}

#[test]
fn the_builder_refuses_the_compile_time_corpus_with_the_same_messages() {
    let mut checked = 0;
    for (case, builder) in corpus() {
        let path = format!("{}/tests/ui/{case}.stderr", env!("CARGO_MANIFEST_DIR"));
        let stderr = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let Err(errors) = builder.build() else {
            panic!("{case}: the builder accepted what does not compile");
        };
        for violation in &errors {
            let line = format!("error: {violation}\n");
            assert!(stderr.contains(&line), "{case}: the builder says\n  {line}which {path} does not");
        }
        checked += 1;
    }
    assert_eq!(checked, 77);
}

#[test]
fn build_errors_print_every_mistake() {
    let errors = Policy::builder()
        .origins(["https://app.example.com/", "null", ""])
        .allow_headers(["cookie"])
        .max_age(100_000)
        .build()
        .unwrap_err();
    let printed = errors.to_string();
    assert!(
        printed.starts_with(
            "invalid CORS policy (4 errors)\n  - malformed origin: `https://app.example.com/` ends with `/`"
        ),
        "{printed}"
    );
    assert!(printed.contains("\n  - opaque origin: `null`"));
    assert!(printed.contains("\n  - invalid header: `cookie`"));
    assert!(printed.contains("\n  - max_age out of range: `max_age = 100000`"));
}

#[test]
fn an_origin_read_from_a_database_with_a_control_character_is_named_for_what_it_holds() {
    // Origins loaded at run time can carry what no source file does: a NUL, a tab, a newline.
    for (origin, said) in [
        ("https://app.example.com\0", "`https://app.example.com\\0` contains a control character"),
        ("https://app.example.com\n", "`https://app.example.com\\n` contains whitespace"),
    ] {
        let printed = Policy::builder().origin(origin).build().unwrap_err().to_string();
        assert!(printed.contains(said), "{printed}");
    }
}

#[test]
fn a_good_policy_builds() {
    let policy = Policy::builder()
        .origins("https://app.example.com, https://*.example.org, ".split(',').map(str::trim))
        .origin_regex(r"https://pr-[0-9]+\.preview\.example\.com")
        .methods(["GET", "PUT"])
        .allow_headers(["content-type"])
        .expose_headers(["x-total-count"])
        .credentials(true)
        .max_age(600)
        .private_network(true)
        .build()
        .unwrap();
    assert!(policy.allows_origin("https://shop.example.org"));
    assert!(policy.allows_origin("https://pr-7.preview.example.com"));
    assert_eq!(policy.allow_methods_value(), Some("GET, PUT"));
    assert!(policy.allows_credentials() && policy.allows_private_network());
}

#[test]
fn actix_web_header_names_and_methods_are_taken_as_strings_are() {
    // As `actix-cors` users write them.
    let typed = Policy::builder()
        .origin("https://app.example.com")
        .methods([Method::GET, Method::POST, Method::PATCH])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([&header::ETAG])
        .build()
        .unwrap();
    let spelled = Policy::builder()
        .origin("https://app.example.com")
        .methods(["GET", "POST", "PATCH"])
        .allow_headers(["authorization", "content-type"])
        .expose_headers(["etag"])
        .build()
        .unwrap();
    for policy in [&typed, &spelled] {
        assert_eq!(policy.allow_methods_value(), Some("GET, POST, PATCH"));
        assert_eq!(policy.allow_headers_value(), Some("authorization, content-type"));
        assert_eq!(policy.expose_headers_value(), Some("etag"));
    }
    // The same checks: a forbidden header is refused whatever its type.
    let errors = Policy::builder().origin("https://app.example.com").allow_headers([header::COOKIE]).build();
    assert!(errors.unwrap_err().to_string().contains("`cookie` is a forbidden request header"));
    let errors = Policy::builder().origin("https://app.example.com").methods([Method::TRACE]).build();
    assert!(errors.unwrap_err().to_string().contains("`TRACE`"));
}

#[test]
fn authorization_can_be_named_beside_the_wildcard() {
    let policy = Policy::builder()
        .origin("https://app.example.com")
        .allow_headers(["*", "Authorization"])
        .build()
        .unwrap();
    assert_eq!(policy.allow_headers_value(), Some("*, authorization"));
    assert!(policy.allows_header(b"authorization") && policy.allows_header(b"x-anything"));
    let star_alone =
        Policy::builder().origin("https://app.example.com").allow_headers(["*"]).build().unwrap();
    assert!(!star_alone.allows_header(b"authorization") && star_alone.allows_header(b"x-anything"));
}

#[test]
fn no_methods_means_simple_requests_only() {
    let policy =
        Policy::builder().origin("https://app.example.com").methods::<&str>([]).credentials(true).build();
    let policy = policy.unwrap();
    assert_eq!(policy.methods().len(), 0);
    assert_eq!(policy.allow_methods_value(), None);
    assert!(!policy.allows_method(b"GET") && !policy.allows_method(b"POST"));
}

/// A violation names the entry as given: empty items skipped by `origins` count too, so that an
/// application dropping the rows its configuration store got wrong drops those.
#[test]
fn violations_name_origins_as_given_around_skipped_empty_items() {
    let rows = ["", "https://good.example.com", "", "https://Bad.example.com", "https://ok.example.com/"];
    let errors = Policy::builder()
        .origin("https://first.example.com")
        .origins(rows)
        .origin_regex(r"https://a.b\.example\.com")
        .build()
        .unwrap_err();
    let located: Vec<_> = errors.iter().map(strict_cors::Violation::location).collect();
    // `origin` is entry 0, the rows 1 to 5, the regex 6.
    let at = strict_cors::Location::Origin;
    assert_eq!(located, [at(4), at(5), at(6)]);
    assert!(errors.iter().next().unwrap().message().contains("Bad.example.com"));
}
