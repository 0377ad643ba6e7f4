// The reference site as a reader meets it: headless Chromium (Debian's package)
// driven by playwright-core, axe-core for accessibility, the Nu Html Checker.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { axeViolations, CHROMIUM, launch, serve as serveDir, vnu } from "./common.mjs";

const SITE = process.env.SITE_DIR;
const STATUS_SITE = process.env.STATUS_SITE_DIR;
const ARTIFACTS = process.env.ARTIFACTS_DIR;
const XSS_SITE = process.env.XSS_SITE_DIR;
const SPLIT_SITE = process.env.SPLIT_SITE_DIR;
const XSS_PAYLOADS = JSON.parse(readFileSync(process.env.XSS_PAYLOADS, "utf8"));
const LOCALES = ["en-US", "ja-JP", "zh-CN"];

let servers = [];
let base, statusBase, xssBase, splitBase, context;

async function serve(dir) {
  const served = await serveDir(dir);
  servers.push(served.process);
  return served.url;
}

// A page that fails the test on any console error or request to another host.
async function open(url, ctx = context) {
  const page = await ctx.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["127.0.0.1", ""].includes(u.hostname) && u.protocol !== "file:" && u.protocol !== "data:") {
      problems.push(`request to another host: ${r.url()}`);
    }
  });
  await page.goto(url);
  page.problems = problems;
  return page;
}

async function visibleCodes(page) {
  return page.$$eval("tr.entry", (rows) => rows.filter((r) => !r.hidden && r.offsetParent !== null).map((r) => r.dataset.code));
}

before(async () => {
  assert.ok(CHROMIUM, "Debian's chromium is installed");
  base = await serve(SITE);
  statusBase = await serve(STATUS_SITE);
  xssBase = await serve(XSS_SITE);
  splitBase = await serve(SPLIT_SITE);
  context = await launch();
});

after(async () => {
  if (context) await context.close();
  for (const s of servers) s.kill();
});

for (const tag of LOCALES) {
  test(`${tag}: page, language, alternates, screenshot`, async () => {
    const page = await open(`${base}/${tag}/index.html`);
    assert.equal(await page.getAttribute("html", "lang"), tag);
    const alternates = await page.$$eval('link[rel="alternate"]', (ls) => ls.map((l) => [l.hreflang, l.getAttribute("href")]));
    assert.deepEqual(alternates.map((a) => a[0]).sort(), [...LOCALES, "x-default"].sort());
    for (const [, href] of alternates) assert.ok(!/^[a-z]+:/.test(href), `relative link: ${href}`);
    assert.equal(await page.getAttribute('link[rel="canonical"]', "href"), "index.html");
    assert.equal((await visibleCodes(page)).length, 72);
    assert.ok(await page.isVisible("#filter"), "the filter box is shown when scripts run");
    await page.screenshot({ path: path.join(ARTIFACTS, `${tag}.png`), fullPage: false });
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test("the filter narrows by code, suggests the nearest codes, and works with CJK input", async () => {
  const page = await open(`${base}/zh-CN/index.html`);
  await page.fill("#filter", "280006");
  assert.deepEqual(await visibleCodes(page), ["280006"]);
  await page.fill("#filter", "会话");
  const cjk = await visibleCodes(page);
  assert.deepEqual(cjk, ["280008", "280009", "280010", "280011"]);
  // A typed IME composition: nothing filters mid-composition, the result applies at its end.
  await page.fill("#filter", "");
  await page.focus("#filter");
  const cdp = await context.newCDPSession(page);
  await cdp.send("Input.imeSetComposition", { text: "坐席", selectionStart: 2, selectionEnd: 2 });
  await cdp.send("Input.insertText", { text: "坐席" });
  assert.deepEqual(await visibleCodes(page), ["280006"]);
  await page.fill("#filter", "28006");
  assert.deepEqual(await visibleCodes(page), []);
  const status = await page.textContent("#filter-status");
  assert.match(status, /没有匹配的错误码/);
  const suggestions = await page.$$eval("#filter-status .suggestions a", (as) => as.map((a) => a.textContent));
  assert.ok(suggestions.includes("280006"), suggestions.join());
  await page.click('#filter-status .suggestions a:text-is("280006")');
  assert.ok(page.url().endsWith("#280006"));
  assert.equal((await visibleCodes(page)).length, 72, "following a suggestion clears the filter");
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("a phone-sized screen needs no sideways scrolling, and print hides the controls", async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${base}/ja-JP/index.html#280006`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  await page.screenshot({ path: path.join(ARTIFACTS, "ja-JP-phone.png") });
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.isVisible("#filter-box"), false);
  assert.equal(await page.isVisible("nav.langs"), false);
  assert.equal(await page.isVisible('tr[data-code="60002"]'), true);
  await page.close();
});

test("a deep link lands on its code", async () => {
  const page = await open(`${base}/en-US/index.html#280006`);
  const target = await page.$eval(":target", (el) => [el.id, el.getBoundingClientRect().top < innerHeight]);
  assert.deepEqual(target, ["280006", true]);
  await page.close();
});

test("switching language keeps the reader on the same code", async () => {
  const page = await open(`${base}/en-US/index.html#280006`);
  await Promise.all([page.waitForURL(/ja-JP\/index\.html#280006$/), page.click('nav.langs a[hreflang="ja-JP"]')]);
  assert.equal(await page.getAttribute("html", "lang"), "ja-JP");
  assert.equal(await page.$eval(":target", (el) => el.id), "280006");
  await page.close();
});

test("the copy-link control copies the code's URL", async () => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await open(`${base}/en-US/index.html`);
  const button = page.locator('tr[data-code="280006"] button.copy');
  assert.equal(await button.getAttribute("aria-label"), "Copy link to error code 280006");
  await button.click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, `${base}/en-US/index.html#280006`);
  assert.match(await page.textContent("#filter-status"), /Link copied/);
  await page.close();
});

test("a CJK font draws the headings", async () => {
  for (const tag of ["zh-CN", "ja-JP"]) {
    const page = await open(`${base}/${tag}/index.html`);
    const cdp = await context.newCDPSession(page);
    await cdp.send("DOM.enable");
    await cdp.send("CSS.enable");
    const { root } = await cdp.send("DOM.getDocument");
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: "h1" });
    const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId });
    const families = fonts.map((f) => f.familyName).join(", ");
    assert.match(families, /CJK/, `${tag} h1 drawn with: ${families}`);
    await page.close();
  }
});

test("without JavaScript the page is complete and shows no dead controls", async () => {
  const ctx = await launch({ javaScriptEnabled: false });
  try {
    const page = await open(`${base}/ja-JP/index.html`, ctx);
    assert.equal((await page.$$("tr.entry")).length, 72);
    assert.equal(await page.isVisible("#filter-box"), false);
    assert.equal(await page.isVisible("button.copy >> nth=0"), false);
    assert.equal(await page.isVisible('a[href="#280006"]'), true);
    await page.close();
  } finally {
    await ctx.close();
  }
});

test("the root page sends readers to their language and lists every locale", async () => {
  for (const [lang, expected] of [["ja-JP", "ja-JP"], ["ja", "ja-JP"], ["en-GB", "en-US"], ["zh-CN", "zh-CN"]]) {
    const ctx = await launch({ locale: lang });
    try {
      const page = await ctx.newPage();
      await page.goto(`${base}/index.html`);
      await page.waitForURL(new RegExp(`${expected}/index\\.html$`));
      await page.close();
    } finally {
      await ctx.close();
    }
  }
  const ctx = await launch({ locale: "de-DE", javaScriptEnabled: true });
  try {
    const page = await ctx.newPage();
    await page.goto(`${base}/index.html`);
    await page.waitForTimeout(300);
    assert.ok(page.url().endsWith("/index.html") && !/[a-z]{2}-[A-Z]{2}\//.test(page.url()), "no match: stays on the list");
    const links = await page.$$eval(".locale-list a", (as) => as.map((a) => a.getAttribute("href")));
    assert.deepEqual(links.sort(), LOCALES.map((t) => `${t}/index.html`).sort());
    await page.close();
  } finally {
    await ctx.close();
  }
});

test("the site works from file://", async () => {
  const page = await open(pathToFileURL(path.join(SITE, "en-US", "index.html")).href);
  await page.fill("#filter", "280006");
  assert.deepEqual(await visibleCodes(page), ["280006"]);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("untranslated and stale entries are marked, and hostile text stays text", async () => {
  const page = await open(`${statusBase}/en-US/index.html`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no script from the catalog ran");
  const row = page.locator('tr[data-code="1001"] td.message');
  assert.match(await row.textContent(), /<script>window.__pwned = 1<\/script>/);
  assert.equal(await row.locator(".mark.untranslated").textContent(), "Not yet translated");
  assert.equal(await row.locator('span[lang="zh-CN"]').count(), 1);
  const stale = page.locator('tr[data-code="280006"] td.message');
  assert.equal(await stale.locator(".mark.stale").textContent(), "May be out of date");
  assert.match(await stale.textContent(), /坐席繁忙/);
  assert.match(await page.textContent(".coverage"), /1 of 5 error codes translated \(20%\)/);
  assert.deepEqual(page.problems, []);
  await page.screenshot({ path: path.join(ARTIFACTS, "status-en-US.png"), fullPage: true });
  await page.close();
});

test("classic XSS payloads in the catalog show as text and run nothing", async () => {
  const page = await open(`${xssBase}/zh-CN/index.html`);
  const dialogs = [];
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__xss), undefined, "no payload ran");
  for (const [code, payload] of Object.entries(XSS_PAYLOADS)) {
    const shown = await page.$eval(`tr[data-code="${code}"] td.message span`, (s) => s.textContent);
    assert.equal(shown, payload, `code ${code}`);
  }
  // No element that a payload could have created exists.
  for (const sel of ["main script", "main img", "main svg", "main iframe", "main form", "main style", "base", 'meta[http-equiv="refresh"]']) {
    assert.equal(await page.$$eval(sel, (els) => els.length), 0, sel);
  }
  // The filter matches payload text as text.
  await page.fill("#filter", "<script>");
  assert.ok((await visibleCodes(page)).includes("1000"));
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.problems, []);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  await page.close();
});

test("axe finds no violations in light and dark schemes", async () => {
  const urls = [
    ...LOCALES.map((t) => `${base}/${t}/index.html`),
    `${statusBase}/en-US/index.html`,
    `${base}/status.html`,
    `${statusBase}/status.html`,
    // A catalog split into parts: its index (with the filter's results) and a part.
    `${splitBase}/en-US/index.html`,
    `${splitBase}/en-US/g-5f9c56e9.html`,
    `${base}/index.html`,
  ];
  const ctx = await launch({ locale: "de-DE", bypassCSP: true });
  try {
    for (const scheme of ["light", "dark"]) {
      for (const url of urls) {
        assert.deepEqual(await axeViolations(ctx, url, scheme), [], `${scheme} ${url}`);
      }
    }
  } finally {
    await ctx.close();
  }
});

test("the Nu Html Checker finds no errors", () => {
  const files = [];
  for (const dir of [SITE, STATUS_SITE, XSS_SITE, SPLIT_SITE]) {
    const walk = (d) => {
      for (const name of readdirSync(d)) {
        const p = path.join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith(".html")) files.push(p);
      }
    };
    walk(dir);
  }
  assert.ok(files.length >= 6);
  const r = vnu(files, path.join(ARTIFACTS, "vnu.txt"), ["--also-check-css", path.join(SITE, "assets", "site.css")]);
  assert.equal(r.status, 0, r.stderr);
});
