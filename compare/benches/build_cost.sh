#!/usr/bin/env bash
# Compile time that #[cors] adds to an application: 100 handlers with #[cors] against the same
# 100 handlers without, each crate rebuilt alone (dependencies already built), median of 3.
#
#     bash compare/benches/build_cost.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/target/build-cost"
mkdir -p "$work"

generate() { # variant
    local dir="$work/$1"
    mkdir -p "$dir/src"
    cat > "$dir/Cargo.toml" <<EOF
[package]
name = "build-cost-$1"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
actix-web = { version = "4", default-features = false, features = ["macros"] }
strict-cors = { path = "$root" }

[workspace]
EOF
    {
        echo "use actix_web::{get, App, HttpResponse, Responder};"
        for i in $(seq 0 99); do
            if [ "$1" = cors ]; then
                echo "#[strict_cors::cors(origins = [\"https://app$i.example.com\", \"https://*.example$i.org\"], credentials, allow_headers = [\"content-type\"], max_age = 600)]"
            fi
            echo "#[get(\"/r$i\")] async fn h$i() -> impl Responder { HttpResponse::Ok() }"
        done
        echo "fn main() { let _ = App::new()"
        for i in $(seq 0 99); do echo "    .service(h$i)"; done
        echo "; }"
    } > "$dir/src/main.rs"
}

build_seconds() { # variant
    local dir="$work/$1"
    touch "$dir/src/main.rs"
    local start end
    start=$(date +%s.%N)
    (cd "$dir" && CARGO_TARGET_DIR="$work/target" cargo build -q)
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}

for variant in plain cors; do
    generate "$variant"
    (cd "$work/$variant" && CARGO_TARGET_DIR="$work/target" cargo build -q) # dependencies
done
for variant in plain cors; do
    times=$(for _ in 1 2 3; do build_seconds "$variant"; done | sort -n)
    median=$(echo "$times" | sed -n 2p)
    echo "$variant: $median s (runs: $(echo $times | tr '\n' ' '))"
done
