//! `src/suffix/parents.txt` is generated from the Public Suffix List the `psl` crate in use was
//! built from (its `data/rules.txt`): every name some public suffix lies under. This test makes
//! it again and compares. After `cargo update -p psl`, run it with `REGENERATE=1` and commit.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The `psl` crate's list, found through `cargo metadata`.
fn rules() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--manifest-path"])
        .arg(&manifest)
        .output()
        .expect("running cargo metadata");
    let json = String::from_utf8_lossy(&output.stdout);
    let pattern =
        regex::Regex::new(r#""manifest_path":"([^"]*[/\\]psl-[0-9][^"/\\]*[/\\]Cargo\.toml)""#).unwrap();
    let path = pattern.captures(&json).expect("the psl crate in cargo metadata")[1].replace("\\\\", "\\");
    Path::new(&path).with_file_name("data").join("rules.txt")
}

/// Every proper ancestor of every rule, in ASCII; for `*.d`, `d` and its ancestors.
fn parents(rules: &str) -> BTreeSet<String> {
    let mut parents = BTreeSet::new();
    for rule in rules.lines().map(str::trim) {
        if rule.is_empty() || rule.starts_with("//") || rule.starts_with('!') {
            continue;
        }
        let mut name = match rule.strip_prefix("*.") {
            Some(under) => Some(under),
            None => rule.split_once('.').map(|(_, rest)| rest),
        };
        while let Some(parent) = name {
            // Browsers send the punycode of a Unicode name, and `psl` matches it.
            let ascii = url::Url::parse(&format!("http://{parent}/"))
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned));
            if let Some(ascii) = ascii {
                parents.insert(ascii);
            }
            name = parent.split_once('.').map(|(_, rest)| rest);
        }
    }
    parents
}

#[test]
fn the_table_of_suffix_parents_matches_the_psl_crate_in_use() {
    let rules = std::fs::read_to_string(rules()).expect("the psl crate's data/rules.txt");
    let made: String = parents(&rules).into_iter().map(|p| p + "\n").collect();
    let kept_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/suffix/parents.txt");
    if std::env::var("REGENERATE").is_ok_and(|v| v == "1") {
        std::fs::write(&kept_path, &made).expect("writing src/suffix/parents.txt");
        return;
    }
    let kept = std::fs::read_to_string(&kept_path).unwrap_or_default();
    assert!(
        kept == made,
        "src/suffix/parents.txt does not match the psl crate in use: run \
         `REGENERATE=1 cargo test -p cors-runtime --test suffix_parents` and commit it"
    );
    assert!(made.lines().any(|p| p == "amazonaws.com") && !made.lines().any(|p| p == "example.com"));
}
