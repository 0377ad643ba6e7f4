#!/usr/bin/env bash
# The whole test suite: the Rust workspace, then the site in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
# tests/po.rs checks the PO files errbook writes with GNU gettext's own tools;
# tests/lsp.rs runs the language server in Neovim (Debian's 0.7).
missing=()
command -v msgfmt >/dev/null 2>&1 && command -v msgcat >/dev/null 2>&1 || missing+=(gettext)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
cargo test --workspace --locked
bash tests/browser/run.sh
