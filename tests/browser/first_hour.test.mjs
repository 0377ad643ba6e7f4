// A new project's first hour, in a browser: a project made by `errbook init`
// from a page, with en-US and Arabic added and nothing translated, built
// without --deny. Every page's interface is in its own language, the Arabic
// page reads right to left without sideways scrolling on a phone, the
// untranslated entries are visibly marked, and axe and the Nu Html Checker
// find nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { axeViolations, launch, servedSite, vnu } from "./common.mjs";

const SITE = process.env.NEW_SITE_DIR;
const CHROME = process.env.CHROME_DIR;
const ARTIFACTS = process.env.ARTIFACTS_DIR;
// Each page's locale, and errbook's built-in strings it should show.
const PAGES = [["zh-CN", "zh-Hans", "ltr"], ["en-US", "en", "ltr"], ["ar", "ar", "rtl"]];

const site = servedSite(SITE);

function builtIn(file, id) {
  const line = readFileSync(path.join(CHROME, `${file}.ftl`), "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${id} = `));
  return line.slice(id.length + 3);
}

for (const [tag, file, dir] of PAGES) {
  test(`${tag}: the interface speaks the page's language`, async () => {
    const page = await site.context.newPage();
    const problems = [];
    page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto(`${site.base}/${tag}/index.html`);
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
  const page = await site.context.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${site.base}/ar/index.html`);
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
  const ctx = await launch({ bypassCSP: true });
  try {
    const urls = [
      ...PAGES.map(([t]) => `${site.base}/${t}/index.html`),
      `${site.base}/index.html`,
      `${site.base}/status.html`,
      `${site.base}/404.html`,
      `${site.base}/ar/404.html`,
    ];
    for (const scheme of ["light", "dark"]) {
      for (const url of urls) {
        assert.deepEqual(await axeViolations(ctx, url, scheme), [], `${scheme} ${url}`);
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
  const r = vnu(files, path.join(ARTIFACTS, "vnu-first-hour.txt"));
  assert.equal(r.status, 0, r.stderr);
});
