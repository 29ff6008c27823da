#!/usr/bin/env bash
# Checks the crates as users will get them from the registry:
# 1. `cargo package` builds each published crate from its `.crate` file, alone;
# 2. a new application outside the workspace depends on the three packaged crates, as a user's
#    would (`strict-cors = "0.1"`), and compiles the README's quick start.
#
#     bash scripts/check-package.sh
#
# Uses a target directory of its own: cargo takes registry sources of one version as unchanging,
# so a build cache that saw an earlier packaging of 0.1.0 would be reused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR="$work/target"

cd "$root"
cargo package --quiet --allow-dirty --workspace --exclude strict-cors-browser --exclude strict-cors-compare
echo "packaged and verified: $(cd "$CARGO_TARGET_DIR/package" && ls ./*.crate | tr '\n' ' ')"
echo "strict-cors ships: $(cargo package --list -p strict-cors --allow-dirty 2>/dev/null | tr '\n' ' ')"

mkdir -p "$work/crates"
for crate in "$CARGO_TARGET_DIR"/package/{cors-runtime,cors-macros,strict-cors}-*.crate; do
    tar -xzf "$crate" -C "$work/crates"
done
app="$work/app"
mkdir -p "$app/src"
cat >"$app/Cargo.toml" <<EOF
[package]
name = "quick-start"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
actix-web = "4"
strict-cors = "0.1"

# The packaged crates, standing in for the registry's.
[patch.crates-io]
strict-cors = { path = "$(echo "$work"/crates/strict-cors-*)" }
cors-macros = { path = "$(echo "$work"/crates/cors-macros-*)" }
cors-runtime = { path = "$(echo "$work"/crates/cors-runtime-*)" }

[workspace]
EOF
# The README's first example, as a program.
{
    # awk reads the file itself: a reader that stops early would end a pipe's writer.
    awk '/^```rust$/ { inside = 1; next } inside && /^```$/ { exit } inside' README.md
    echo 'fn main() { let _ = App::new().service(create_order); }'
} | sed 's/^let app = .*$//' >"$app/src/main.rs"
(cd "$app" && cargo build --quiet)
echo "a new application builds the README's quick start against the packaged crates"
