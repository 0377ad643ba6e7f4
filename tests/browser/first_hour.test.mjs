// A new project's first hour, in a browser: a project made by `errbook init`
// from a page, with en-US and Arabic added and nothing translated, built
// without --deny. Every page's interface is in its own language, the Arabic
// page reads right to left without sideways scrolling on a phone, the
// untranslated entries are visibly marked, and axe and the Nu Html Checker
// find nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const SITE = process.env.NEW_SITE_DIR;
const CHROME = process.env.CHROME_DIR;
const ARTIFACTS = process.env.ARTIFACTS_DIR;
const CHROMIUM = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].find((p) => {
  try { return statSync(p).isFile(); } catch { return false; }
});
// Each page's locale, and errbook's built-in strings it should show.
const PAGES = [["zh-CN", "zh-Hans", "ltr"], ["en-US", "en", "ltr"], ["ar", "ar", "rtl"]];

let server, base, context;

function builtIn(file, id) {
  const line = readFileSync(path.join(CHROME, `${file}.ftl`), "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${id} = `));
  return line.slice(id.length + 3);
}

before(async () => {
  base = await new Promise((resolve, reject) => {
    server = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", SITE], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout.on("data", (d) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    server.on("error", reject);
  });
  context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "errbook-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  await context?.close();
  server?.kill();
});

for (const [tag, file, dir] of PAGES) {
  test(`${tag}: the interface speaks the page's language`, async () => {
    const page = await context.newPage();
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${base}/${tag}/index.html`);
    assert.equal(await page.getAttribute("html", "lang"), tag);
    assert.equal((await page.getAttribute("html", "dir")) ?? "ltr", dir);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).direction), dir);
    const label = await page.locator("label[for]").first().textContent();
    assert.equal(label.trim(), builtIn(file, "filter-label"));
    // Nothing is translated: every entry shows the source text, marked.
    const marks = page.locator(".mark.untranslated");
    assert.ok((await marks.count()) > 0 || tag === "zh-CN", `${tag}: no marks`);
    if (tag !== "zh-CN") {
      assert.equal((await marks.first().textContent()).trim(), builtIn(file, "status-untranslated"));
      assert.ok(await marks.first().isVisible());
    }
    // The language switch names each locale in its own language.
    const body = await page.textContent("body");
    for (const [, f] of PAGES) assert.ok(body.includes(builtIn(f, "language-name")), `${tag}: ${f}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `first-hour-${tag}.png`), fullPage: false });
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("the Arabic page on a phone: no sideways scrolling, the table and filter start on the right", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${base}/ar/index.html`);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(widths[0] <= widths[1], `scroll width ${widths[0]} > ${widths[1]}`);
  await page.setViewportSize({ width: 1200, height: 800 });
  const geometry = await page.evaluate(() => {
    const input = document.querySelector("input[type=search]");
    const cell = document.querySelector("tbody tr td");
    const box = (e) => e.getBoundingClientRect();
    return {
      width: document.documentElement.clientWidth,
      input: box(input),
      label: box(document.querySelector("label[for]")),
      cellAlign: getComputedStyle(cell).textAlign,
      cellDir: getComputedStyle(cell).direction,
    };
  });
  // Mirrored: the label sits right of centre, and cells start at the right.
  assert.ok(geometry.label.right > geometry.width / 2, JSON.stringify(geometry));
  assert.equal(geometry.cellDir, "rtl");
  assert.ok(["start", "right"].includes(geometry.cellAlign), geometry.cellAlign);
  await page.close();
});

test("axe finds no violations on the new project's pages", async () => {
  const axe = require.resolve("axe-core/axe.min.js");
  const ctx = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "errbook-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    bypassCSP: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
  });
  try {
    for (const scheme of ["light", "dark"]) {
      const urls = [
        ...PAGES.map(([t]) => `${base}/${t}/index.html`),
        `${base}/index.html`,
        `${base}/status.html`,
        `${base}/404.html`,
        `${base}/ar/404.html`,
      ];
      for (const url of urls) {
        const page = await ctx.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(url);
        await page.addScriptTag({ path: axe });
        const result = await page.evaluate(() =>
          axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
        );
        const v = result.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
        assert.deepEqual(v, [], `${scheme} ${url}`);
        await page.close();
      }
    }
  } finally {
    await ctx.close();
  }
});

test("the Nu Html Checker finds no errors on the new project's pages", () => {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".html")) files.push(p);
    }
  };
  walk(SITE);
  assert.ok(files.length >= 4, files.join(" "));
  const vnu = require.resolve("vnu-jar/build/dist/vnu.jar");
  // As in site.test.mjs: the checker reads file: URLs, which the pages' CSP
  // does not cover for it; only those messages are filtered.
  const filter =
    ".*Resource violates Content Security Policy \\(meta tag\\): " +
    "(external (stylesheet|script) .*assets/site\\.(css|js)|image “badges/[A-Za-z0-9-]+\\.svg” blocked by “img-src” directive).*";
  const r = spawnSync("java", ["-jar", vnu, "--Werror", "--skip-non-html", "--filterpattern", filter, ...files], {
    encoding: "utf8",
  });
  writeFileSync(path.join(ARTIFACTS, "vnu-first-hour.txt"), r.stdout + r.stderr);
  assert.equal(r.status, 0, r.stderr);
});
