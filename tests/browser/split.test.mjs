// A catalog too large for one page: the locale's index lists its parts, the filter
// searches the whole locale through search-index.js (loaded on first use), and a
// link to a code on the index goes to the part that has it. Over HTTP and file:.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { servedSite } from "./common.mjs";

const SITE = process.env.SPLIT_SITE_DIR;

const site = servedSite(SITE);

async function open(url) {
  const page = await site.context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  page.problems = problems;
  return page;
}

for (const scheme of ["http", "file"]) {
  const url = (p) => {
    const [file, hash] = p.split("#");
    const u = scheme === "http" ? `${site.base}/${file}` : pathToFileURL(path.join(SITE, file)).href;
    return hash ? `${u}#${hash}` : u;
  };

  test(`${scheme}: the index lists the parts and the filter finds a code on another part`, async () => {
    const page = await open(url("en-US/index.html"));
    const parts = await page.$$eval("nav.parts a", (as) => as.map((a) => a.getAttribute("href")));
    assert.ok(parts.length >= 3, `parts: ${parts}`);
    assert.equal(await page.locator("tr.entry").count(), 0, "the index has no table of codes");
    // The search index is not loaded until the filter is used.
    assert.equal(await page.evaluate(() => typeof window.errbookSearchIndex), "undefined");
    await page.fill("#filter", "102345");
    const hit = page.locator("#search-results a").first();
    await hit.waitFor();
    assert.equal(await page.locator("#search-results a").count(), 1);
    assert.match(await hit.textContent(), /^102345 /);
    await hit.click();
    await page.waitForURL(/#102345$/);
    assert.ok(await page.locator("tr.entry#\\31 02345").isVisible(), "the row is on the part the link led to");
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  test(`${scheme}: a misspelt code gets suggestions; text matches across parts`, async () => {
    const page = await open(url("en-US/index.html"));
    await page.fill("#filter", "10234x");
    await page.locator("#filter-status .suggestions a").first().waitFor();
    assert.ok(await page.locator("#search-results").isHidden());
    await page.fill("#filter", "号错误");
    await page.locator("#search-results a").first().waitFor();
    assert.equal(await page.locator("#search-results a").count(), 50, "at most 50 results are listed");
    assert.deepEqual(page.problems, []);
    await page.close();
  });

  // Issue 20: a fragment that is not valid percent-encoding (decodeURIComponent
  // throws URIError on it) is taken as it is; it stopped the script before the
  // copy-link buttons were set up.
  for (const fragment of ["%E0%A4%A", "%", "%ZZ", "%C0%80"]) {
    test(`${scheme}: a malformed fragment #${fragment} breaks nothing`, async () => {
      const index = await open(url("en-US/index.html"));
      const part = await index.$eval("nav.parts a", (a) => a.getAttribute("href"));
      await index.close();

      const page = await open(url(`en-US/${part}#${fragment}`));
      assert.equal(await page.evaluate(() => location.hash), `#${fragment}`, "the fragment reached the page as written");
      assert.ok((await page.locator("button.copy").count()) > 0, "the part has copy-link buttons");
      assert.ok(await page.locator("button.copy").first().isVisible(), "the copy-link buttons are set up");
      assert.ok(await page.locator("#filter").isVisible(), "the filter is set up");
      // The filter still searches the whole locale.
      await page.fill("#filter", "102345");
      await page.locator("#search-results a").first().waitFor();
      assert.deepEqual(page.problems, []);
      await page.close();

      const home = await open(url(`en-US/index.html#${fragment}`));
      assert.ok(await home.locator("#filter").isVisible(), "the index's filter is set up");
      // No part has such a code: the index stays where it is.
      await home.waitForTimeout(200);
      assert.match(home.url(), /\/index\.html#/);
      assert.deepEqual(home.problems, []);
      await home.close();
    });
  }

  test(`${scheme}: index.html#code goes to the part that has the code`, async () => {
    const page = await open(url("zh-CN/index.html#101999"));
    await page.waitForURL(/g-[^/]+\.html#101999$/);
    assert.ok(await page.locator("tr.entry#\\31 01999").isVisible());
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}
