#!/usr/bin/env python3
"""errbook on catalogs the generator does not make: real pages, and real texts at scale.

    python3 benches/held_out.py [--corpus DIR] [--codes 100000] [--locales 10] [--runs 3]

The shapes of benches/scale.py all come from examples/gen-catalog.rs. This
script measures errbook on two shapes built another way, from real pages:

- `corpus`: each page of a corpus of real error-code pages (default
  ../shared/corpus/tables, Tencent Cloud's docs: fenced code, HTML, prose,
  text codes like `FailedOperation.X`, three to six columns), as a new
  project: the page, then `sync --add-locale` for three locales (every entry
  untranslated, as a new project's first hour has them), `check`, `build`.
  The figure is the slowest page and the sum over all pages.
- `corpus-scaled`: the entries every page of the corpus yields (real messages
  and hints: punctuation, URLs, long sentences, text codes) repeated with
  renamed codes up to --codes, written as one table per product and group
  under its heading with the pages' own prose between them, and --locales
  locales created by `sync --add-locale` (every entry untranslated and
  recording its source text, a million findings at the default levels);
  then check (human and JSON), a sync with nothing to do (cache and no
  cache), sync after a change of 3 % of the texts, and build with
  untranslated lowered to a warning.

Every figure is a whole process, the median of --runs wall times and the
largest peak RSS that GNU time reports. Writes the report to
target/held-out.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAGS = ["en-US", "ja-JP", "de-DE", "fr-FR", "es-ES", "ko-KR", "pt-BR", "ru-RU", "it-IT",
        "vi-VN", "id-ID", "th-TH", "tr-TR", "ar-SA", "zh-TW", "pl-PL"]


def run(argv, cwd, expect=(0, 1), env=None):
    """Runs one process under GNU time: (wall seconds, peak MiB)."""
    out = Path(cwd) / ".time"
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(out), *argv], cwd=cwd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env={**os.environ, **(env or {})})
    wall = time.perf_counter() - start
    if p.returncode not in expect:
        sys.exit(f"held_out.py: {' '.join(map(str, argv))} in {cwd} exited {p.returncode}:\n"
                 + p.stderr.decode(errors="replace")[-2000:])
    peak = int(out.read_text().split()[-1]) / 1024
    out.unlink()
    return wall, peak


def timed(argv, cwd, runs, expect=(0, 1), prepare=None, env=None):
    """Median wall time and largest peak of `runs` runs (after a warm-up)."""
    if prepare:
        prepare()
    run(argv, cwd, expect, env)
    walls, peaks = [], []
    for _ in range(runs):
        if prepare:
            prepare()
        w, p = run(argv, cwd, expect, env)
        walls.append(w)
        peaks.append(p)
    return statistics.median(walls), max(peaks)


def fmt(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def corpus_pages(eb, corpus, work, runs):
    """Each real page as a new project; the slowest page and the sum."""
    rows = {}
    refused = []
    pages = sorted(p for p in corpus.glob("*.md") if p.name != "INDEX.md")
    for page in pages:
        d = work / "corpus" / page.stem
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        shutil.copy(page, d / "errors.md")
        (d / "errbook.toml").write_text('source = "errors.md"\n\n[checks]\nuntranslated = "warning"\n')
        add = [eb, "sync", "--add-locale", "en-US", "--add-locale", "ja-JP", "--add-locale", "de-DE"]
        reset = lambda: shutil.rmtree(d / "locales", ignore_errors=True)  # noqa: E731
        results = {"extract": timed([eb, "extract", "--format", "json"], d, runs)}
        run(add, d, expect=(0, 1, 2))
        if not (d / "locales" / "en-US" / "errors.ftl").exists():
            # The table has errors (a real page can): sync refuses, as it
            # should, and the page is measured no further.
            refused.append(page.name)
            rows.setdefault("extract", []).append((page.name, *results["extract"]))
            continue
        results["sync --add-locale (3)"] = timed(add, d, runs, expect=(0,), prepare=reset)
        results["check"] = timed([eb, "check"], d, runs)
        site = d / "site"
        results["build"] = timed([eb, "build", "--out", str(site)], d, runs,
                                 prepare=lambda: shutil.rmtree(site, ignore_errors=True))
        for k, v in results.items():
            rows.setdefault(k, []).append((page.name, *v))
    out = [f"`corpus`: {len(pages)} real pages, each a project with 3 locales added "
           "(every entry untranslated); per command, the slowest page and the sum over all pages"
           + (f" ({len(refused)} pages with errors in their tables, which sync refuses as it "
              f"should, are measured for extract only: {', '.join(refused)})" if refused else "")
           + ".",
           "", "| command | slowest page | its time | largest peak | all pages |",
           "|---|---|---:|---:|---:|"]
    for k, r in rows.items():
        slow = max(r, key=lambda x: x[1])
        out.append(f"| `{k}` | {slow[0]} | {fmt(slow[1])} | {max(x[2] for x in r):.0f} MiB "
                   f"| {fmt(sum(x[1] for x in r))} |")
    return out


def scaled_page(eb, corpus, codes, seed):
    """A page of `codes` codes from the corpus's real entries."""
    entries = []
    prose = {}
    for n, page in enumerate(sorted(corpus.glob("*.md"))):
        if page.name == "INDEX.md":
            continue
        p = subprocess.run([eb, "extract", "--format", "json", "--source", str(page)],
                           capture_output=True)
        if p.returncode not in (0, 1) or not p.stdout:
            continue
        cat = json.loads(p.stdout)
        text = page.read_text(encoding="utf-8", errors="replace")
        para = next((l for l in text.splitlines()
                     if l.strip() and not l.lstrip().startswith(("#", "|", "<", "`", "-", "*", ">"))
                     and len(l) > 20), "")
        prose[page.stem] = para.strip()
        for e in cat["entries"]:
            entries.append((n, page.stem, e.get("group") or "错误码", e["code"], e["message"],
                            e.get("hint") or ""))
    if not entries:
        sys.exit("held_out.py: no entries in the corpus")
    rnd = random.Random(seed)
    lines = ["# 错误码", "", "本页汇集各产品的错误码（由真实页面的条目扩充而成）。", ""]
    made = 0
    rep = 0
    cell = lambda s: s.replace("|", "\\|").replace("\n", " ")  # noqa: E731
    while made < codes:
        last = None
        for n, product, group, code, message, hint in entries:
            if made >= codes:
                break
            # Codes unique to a page and a repetition (products share
            # numbers); a page's own repeated codes stay repeated.
            uniq = rep * 1000 + n + 1
            if (product, group) != last:
                last = (product, group)
                lines += ["", f"## {product} {group} {rep + 1}", ""]
                if prose.get(product) and rnd.random() < 0.5:
                    lines += [prose[product], ""]
                lines += ["| 错误码 | 说明 | 处理建议 |", "| --- | --- | --- |"]
            digits = code.removeprefix("-")
            new = (("-" if code.startswith("-") else "") + str(int(digits) + 10_000_000 * uniq)
                   if digits.isdigit() else f"R{uniq}.{code}")
            lines.append(f"| {new} | {cell(message)} | {cell(hint)} |")
            made += 1
        rep += 1
    return "\n".join(lines) + "\n", made


def scaled(eb, corpus, work, codes, nlocales, runs):
    d = work / "corpus-scaled"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    page, made = scaled_page(eb, corpus, codes, 1)
    (d / "errors.md").write_text(page, encoding="utf-8")
    (d / "errbook.toml").write_text('source = "errors.md"\n')
    tags = TAGS[:nlocales]
    add = [eb, "sync"] + [a for t in tags for a in ("--add-locale", t)]
    reset = lambda: shutil.rmtree(d / "locales", ignore_errors=True)  # noqa: E731
    results = [("sync --add-locale (all locales)",
                timed(add, d, runs, expect=(0,), prepare=reset))]
    if not (d / "locales").exists():
        run(add, d, expect=(0, 1, 2))
    results.append(("check (human)", timed([eb, "check"], d, runs)))
    results.append(("check --format json", timed([eb, "check", "--format", "json"], d, runs)))
    results.append(("sync (nothing to do)", timed([eb, "sync"], d, runs, expect=(0,))))
    results.append(("sync (nothing to do, no cache)",
                    timed([eb, "sync"], d, runs, expect=(0,), env={"ERRBOOK_NO_CACHE": "1"})))
    # A release: 3 % of the texts changed, on a fresh copy each run.
    base = work / "corpus-scaled-synced"
    shutil.rmtree(base, ignore_errors=True)
    shutil.copytree(d, base)
    text = page.splitlines()
    rnd = random.Random(2)
    for i, l in enumerate(text):
        if l.startswith("| ") and not l.startswith(("| 错误码", "| ---")) and rnd.random() < 0.03:
            parts = l.split(" | ")
            parts[1] = parts[1] + "（已更新）"
            text[i] = " | ".join(parts)
    changed = "\n".join(text) + "\n"
    rel = work / "corpus-scaled-release"

    def fresh():
        shutil.rmtree(rel, ignore_errors=True)
        shutil.copytree(base, rel)
        (rel / "errors.md").write_text(changed, encoding="utf-8")
    results.append(("sync after a release (3 % changed)",
                    timed([eb, "sync"], rel, runs, expect=(0,), prepare=fresh)))
    (d / "errbook.toml").write_text('source = "errors.md"\n\n[checks]\nuntranslated = "warning"\n')
    site = d / "site"
    results.append(("build (untranslated as a warning)",
                    timed([eb, "build", "--out", str(site)], d, runs,
                          prepare=lambda: shutil.rmtree(site, ignore_errors=True))))
    size = sum(f.stat().st_size for f in (d / "locales").rglob("*.ftl")) / 2**20
    out = [f"`corpus-scaled`: {made:,} codes from the corpus's real entries (text codes renamed "
           f"`R2.Code`, numeric ones offset), {len(tags)} locales added by `sync --add-locale` "
           f"({size:.0f} MiB of .ftl, every entry untranslated).",
           "", "| command | median | peak |", "|---|---:|---:|"]
    for k, (w, p) in results:
        out.append(f"| `{k}` | {fmt(w)} | {p:.0f} MiB |")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "tables")
    ap.add_argument("--codes", type=int, default=100_000)
    ap.add_argument("--locales", type=int, default=10)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--errbook", type=Path, help="the binary (default: build it, release)")
    args = ap.parse_args()
    if not shutil.which("/usr/bin/time"):
        sys.exit("held_out.py: GNU time (/usr/bin/time) measures the peaks: apt install time")
    if not args.corpus.is_dir():
        sys.exit(f"held_out.py: no corpus at {args.corpus}: pass --corpus DIR of Markdown pages")
    eb = args.errbook
    if eb is None:
        subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "errbook"], cwd=ROOT,
                       check=True)
        eb = ROOT / "target" / "release" / "errbook"
    eb = str(Path(eb).resolve())
    work = ROOT / "target" / "held-out"
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    report = [f"Held-out catalogs at commit {commit}, {os.cpu_count()} cores, "
              f"medians of {args.runs}.", ""]
    report += corpus_pages(eb, args.corpus, work, args.runs)
    report += [""]
    report += scaled(eb, args.corpus, work, args.codes, args.locales, args.runs)
    report += ["", f"({time.time() - started:.0f} s in all)"]
    text = "\n".join(report) + "\n"
    (ROOT / "target" / "held-out.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
