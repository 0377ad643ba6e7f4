// errbook serve in a real browser: the reload script runs under the pages' own
// Content-Security-Policy, an edit reloads the open page, and a failed build
// shows its diagnostics in a banner until it is fixed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const ERRBOOK = process.env.ERRBOOK;
const FIXTURE = process.env.SERVE_FIXTURE;
const ARTIFACTS = process.env.ARTIFACTS_DIR;
const CHROMIUM = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].find((p) => {
  try { return statSync(p).isFile(); } catch { return false; }
});
const WAIT = 20000;

let server, url, project, context;

before(async () => {
  project = mkdtempSync(path.join(tmpdir(), "errbook-serve-project-"));
  cpSync(FIXTURE, project, { recursive: true });
  server = spawn(ERRBOOK, ["serve", "--port", "0"], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
  server.stderr.on("data", () => {});
  url = await new Promise((resolve, reject) => {
    let buf = "";
    server.stdout.on("data", (d) => {
      buf += d;
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve(buf.slice(0, nl).trim());
    });
    server.on("exit", (code) => reject(new Error(`errbook serve exited with ${code}`)));
    setTimeout(() => reject(new Error("no URL from errbook serve")), 30000);
  });
  context = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), "errbook-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  if (context) await context.close();
  if (server) server.kill("SIGINT");
});

function edit(file, from, to) {
  const text = readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${from} in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

test("edits reload the open page; a failed build shows a banner until fixed", async () => {
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${url}en-US/index.html`);
  const message = 'tr[data-code="1002"] td.message';
  assert.match(await page.textContent(message), /Signature error\./);
  const ftl = path.join(project, "locales/en-US/errors.ftl");

  let reloaded = page.waitForEvent("load", { timeout: WAIT });
  edit(ftl, "error-1002 = Signature error.", "error-1002 = Signature refused.");
  await reloaded;
  assert.match(await page.textContent(message), /Signature refused\./);
  assert.equal(await page.locator("#errbook-serve-banner").count(), 0);

  reloaded = page.waitForEvent("load", { timeout: WAIT });
  edit(ftl, "error-1002 = Signature refused.", "error-1002 = { <b>Signature</b> refused.");
  await reloaded;
  const banner = page.locator("#errbook-serve-banner");
  assert.ok(await banner.isVisible(), "the banner shows");
  const text = await banner.locator("pre").textContent();
  assert.match(text, /locales\/en-US\/errors\.ftl:\d+:\d+: error: Fluent syntax error/);
  assert.match(text, /<b>Signature<\/b>/, "the source line shows as text");
  assert.equal(await banner.locator("b").count(), 0, "and not as markup");
  assert.match(await page.textContent(message), /Signature refused\./, "the last good build stays");
  await page.screenshot({ path: path.join(ARTIFACTS, "serve-banner.png") });
  await banner.getByRole("button", { name: "Hide" }).click();
  assert.equal(await banner.isVisible(), false);

  reloaded = page.waitForEvent("load", { timeout: WAIT });
  edit(ftl, "error-1002 = { <b>Signature</b> refused.", "error-1002 = Signature rejected.");
  await reloaded;
  assert.equal(await page.locator("#errbook-serve-banner").count(), 0);
  assert.match(await page.textContent(message), /Signature rejected\./);
  // The reload channel ran under the page's policy: a blocked connection
  // or script would have logged an error.
  assert.deepEqual(problems, []);
  await page.close();
});
