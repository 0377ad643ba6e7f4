#!/usr/bin/env bash
# The browser, HTML-validator and accessibility tests of the reference site.
# Installs what they need (Debian's chromium, a CJK font, a JRE for the Nu Html
# Checker; the npm packages pinned in package-lock.json), builds the shipped
# catalog's site and a fixture site with untranslated, stale and hostile
# entries, then runs the Node test suite against both (and against
# `errbook serve` on a fixture project, and a new project made by `init`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

cd "$here"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

target_dir="${CARGO_TARGET_DIR:-$root/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
out="$target_dir/browser-tests"
rm -rf "$out"
mkdir -p "$out/artifacts"
(cd "$root" && cargo build --quiet --locked --bin errbook)
errbook="$target_dir/debug/errbook"
(cd "$root" && "$errbook" build --out "$out/site" --deny warnings)
fixture="$root/tests/fixtures/build-status-and-escaping/cmd.in"
cp -r "$fixture" "$out/status-project"
(cd "$out/status-project" && "$errbook" build --out "$out/status-site" 2>/dev/null)
xss="$root/tests/fixtures/build-xss-payloads"
cp -r "$xss/cmd.in" "$out/xss-project"
(cd "$out/xss-project" && "$errbook" build --out "$out/xss-site")

# A catalog too large for one page (2,500 codes in two groups): split into parts.
python3 - "$out/split-project" <<'PY'
import os, sys
root = sys.argv[1]
os.makedirs(f"{root}/docs", exist_ok=True)
rows = ["# 错误码", ""]
for title, codes in (("## 通用错误", range(0, 900)), ("## 会话错误", range(900, 2500))):
    rows += [title, "", "| 错误码 | 说明 |", "|---|---|"]
    rows += [f"| {100000 + i} | 第{i}号错误。 |" for i in codes]
    rows.append("")
open(f"{root}/docs/error-codes.zh-CN.md", "w").write("\n".join(rows))
open(f"{root}/errbook.toml", "w").write('[checks]\nuntranslated = "allow"\n')
PY
for tag in zh-CN en-US; do
  mkdir -p "$out/split-project/locales/$tag"
  cp "$root/locales/$tag/site.ftl" "$out/split-project/locales/$tag/"
done
(cd "$out/split-project" && "$errbook" sync -q && "$errbook" build -q --out "$out/split-site")

# A new project's first hour: `init` from a page, two locales added (one
# right to left), built with nothing translated (no --deny: it builds).
# Outside any git repository: init writes its CI workflow at the root of the
# repository it is in.
new_project="$(mktemp -d)/new-project"
"$errbook" init -q --from "$root/docs/error-codes.zh-CN.md" "$new_project"
(cd "$new_project" && "$errbook" sync -q --add-locale en-US --add-locale ar \
  && "$errbook" build -q --out "$out/new-site")
rm -rf "$(dirname "$new_project")"

NEW_SITE_DIR="$out/new-site" CHROME_DIR="$root/src/render/chrome" \
SITE_DIR="$out/site" SPLIT_SITE_DIR="$out/split-site" STATUS_SITE_DIR="$out/status-site" XSS_SITE_DIR="$out/xss-site" \
  XSS_PAYLOADS="$xss/payloads.json" ARTIFACTS_DIR="$out/artifacts" \
  ERRBOOK="$errbook" SERVE_FIXTURE="$root/tests/fixtures/build-status-page/cmd.in" \
  node --test --test-concurrency=1 "$here"/*.test.mjs
