//! The facade's public surface, as docs.rs will show it, kept in `tests/public-api.txt`: every
//! item, its declaration, and the signatures of its inherent methods and trait implementations.
//! Any change to the surface is a change to that file, visible in review.
//!
//! The listing is read off `cargo doc`'s output for this crate. After an intended change, run
//! `PUBLIC_API=overwrite cargo test --all-features --test public_api` and commit the file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

/// The crate's documentation, built into a directory of this test's own.
fn document() -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("public-api");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["doc", "--no-deps", "--quiet", "--all-features", "-p", "strict-cors", "--manifest-path"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTDOCFLAGS")
        .status()
        .expect("running cargo doc");
    assert!(status.success(), "cargo doc failed");
    target.join("doc/strict_cors")
}

/// Every item page under `dir` but the hidden module generated code uses.
fn pages(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("the documentation directory") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        if path.is_dir() {
            if !name.starts_with("__private") {
                pages(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "html")
            && name.contains('.')
            && !["index.html", "all.html"].contains(&name.as_str())
        {
            found.push(path);
        }
    }
}

/// Text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed.
fn text(fragment: &str, tags: &Regex) -> String {
    let plain = tags.replace_all(fragment, "");
    let decoded = plain
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One line per declaration and signature on an item page, under the item's path.
fn listing(page: &Path, root: &Path, tags: &Regex, headers: &Regex) -> Vec<String> {
    let html = std::fs::read_to_string(page).expect("an item page");
    let module: Vec<String> = page
        .parent()
        .and_then(|p| p.strip_prefix(root).ok())
        .map(|p| p.iter().map(|c| c.to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    let file = page.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let (kind, name) = file.split_once('.').unwrap_or(("", file));
    let path =
        std::iter::once("strict_cors".to_owned()).chain(module).chain([name.to_owned()]).collect::<Vec<_>>();
    let item = format!("{kind} {}", path.join("::"));
    // Inherent and trait implementations; not auto traits or blanket impls, which follow the
    // standard library rather than this crate.
    let end = ["<div id=\"synthetic-implementations-list\"", "<div id=\"blanket-implementations-list\""]
        .iter()
        .filter_map(|marker| html.find(marker))
        .min()
        .unwrap_or(html.len());
    // Of a trait implementation, its header: the trait's methods are the trait's.
    let traits = html.find("<div id=\"trait-implementations-list\"").unwrap_or(end).min(end);
    let mut lines = vec![item.clone()];
    for found in headers.captures_iter(&html[..end]) {
        let at = found.get(0).map_or(0, |m| m.start());
        if at < traits || &found[1] != "h4 class=\"code-header\"" {
            lines.push(format!("{item}: {}", text(&found[2], tags)));
        }
    }
    lines
}

#[test]
fn the_public_surface_is_the_recorded_one() {
    let root = document();
    let mut found = Vec::new();
    pages(&root, &mut found);
    let tags = Regex::new(r"<[^>]*>").unwrap();
    let headers =
        Regex::new(r#"(?s)<(pre class="rust item-decl"|h3 class="code-header"|h4 class="code-header")>(.*?)</(?:pre|h3|h4)>"#)
            .unwrap();
    let actual: BTreeSet<String> =
        found.iter().flat_map(|page| listing(page, &root, &tags, &headers)).collect();
    assert!(actual.iter().any(|l| l == "struct strict_cors::Policy"), "no Policy page: {actual:#?}");
    let actual = actual.into_iter().collect::<Vec<_>>().join("\n") + "\n";
    let recorded_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/public-api.txt");
    if std::env::var("PUBLIC_API").is_ok_and(|v| v == "overwrite") {
        std::fs::write(&recorded_path, &actual).expect("writing tests/public-api.txt");
        return;
    }
    let recorded = std::fs::read_to_string(&recorded_path).unwrap_or_default();
    if recorded != actual {
        let (old, new): (BTreeSet<&str>, BTreeSet<&str>) =
            (recorded.lines().collect(), actual.lines().collect());
        let removed: Vec<_> = old.difference(&new).map(|l| format!("- {l}")).collect();
        let added: Vec<_> = new.difference(&old).map(|l| format!("+ {l}")).collect();
        panic!(
            "the public surface changed; if that is intended, run `PUBLIC_API=overwrite cargo test --all-features --test \
             public_api` and commit tests/public-api.txt\n{}\n{}",
            removed.join("\n"),
            added.join("\n")
        );
    }
}
