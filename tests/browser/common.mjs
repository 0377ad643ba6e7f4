// What the browser tests share: Debian's Chromium, a static server, axe-core
// and the Nu Html Checker, set up one way.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);

export const CHROMIUM = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].find((p) => {
  try { return statSync(p).isFile(); } catch { return false; }
});

// Serves `dir` on a free port of 127.0.0.1: the server process and its URL.
export function serve(dir) {
  return new Promise((resolve, reject) => {
    const p = spawn("python3", ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    p.stdout.on("data", (d) => {
      const m = /port (\d+)/.exec(String(d));
      if (m) resolve({ process: p, url: `http://127.0.0.1:${m[1]}` });
    });
    p.on("error", reject);
  });
}

// For the tests of the file that calls it: `dir` served and a browser
// opened before the first test (`site.base`, `site.context`), both closed
// after the last.
export function servedSite(dir) {
  const site = {};
  before(async () => {
    if (!dir) throw new Error("the site's directory is not set");
    const served = await serve(dir);
    site.server = served.process;
    site.base = served.url;
    site.context = await launch();
  });
  after(async () => {
    await site.context?.close();
    site.server?.kill();
  });
  return site;
}

// A headless Chromium with a profile of its own.
export function launch(options = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "errbook-chromium-"));
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--disable-dev-shm-usage",
    ],
    ...options,
  });
}

// axe's WCAG 2.1 A/AA and best-practice violations of `url` in a colour
// scheme, as "rule: nodes" lines. `ctx` must bypass the pages' CSP, since
// axe is injected as an inline script.
export async function axeViolations(ctx, url, scheme) {
  const page = await ctx.newPage();
  try {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(url);
    await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
    const result = await page.evaluate(() =>
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } }),
    );
    return result.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`);
  } finally {
    await page.close();
  }
}

// Runs the Nu Html Checker on `files` (with `extra` arguments), writing its
// output to `artifact`; its exit status.
//
// The checker reads file: URLs, which the pages' CSP ('self') does not
// cover for it, so it reports the site's own stylesheet, script and badges
// as blocked; browsers load them (the tests run the script under the CSP,
// over HTTP and file://, and axe sees the badges). Only those messages are
// filtered; the checker refuses loopback URLs, so checking over HTTP is not
// an option.
export function vnu(files, artifact, extra = []) {
  const filter =
    ".*Resource violates Content Security Policy \\(meta tag\\): " +
    "(external (stylesheet|script) .*assets/site\\.(css|js)|image “badges/[A-Za-z0-9-]+\\.svg” blocked by “img-src” directive).*";
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  const r = spawnSync("java", ["-jar", jar, "--Werror", "--skip-non-html", "--filterpattern", filter, ...extra, ...files], {
    encoding: "utf8",
  });
  writeFileSync(artifact, r.stdout + r.stderr);
  return r;
}
