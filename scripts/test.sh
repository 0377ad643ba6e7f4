#!/usr/bin/env bash
# The whole test suite: the Rust workspace, then the site in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked
bash tests/browser/run.sh
