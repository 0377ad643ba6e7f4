// errbook reference pages: filter, copy-link, language switch that keeps the code, root redirect.
// The pages work without this script; it only adds to them.
(function () {
  "use strict";

  function norm(s) {
    return (s || "").normalize("NFKC").toLowerCase().trim();
  }

  // Percent-decodes a part of the URL, which the reader controls: a
  // malformed one (`#%E0%A4%A`, `#%`) is taken as it is, never thrown.
  function decode(s) {
    try {
      return decodeURIComponent(s);
    } catch (e) {
      return s;
    }
  }

  // Edit distance, for "did you mean" on a mistyped code.
  function distance(a, b) {
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      for (j = 1; j <= b.length; j++) {
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      prev = cur;
    }
    return prev[b.length];
  }

  function nearest(query, codes) {
    var scored = codes.map(function (c) {
      var d = distance(query, norm(c));
      if (norm(c).indexOf(query) === 0) d = Math.min(d, 1);
      return { code: c, d: d };
    });
    scored.sort(function (x, y) { return x.d - y.d || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0); });
    var limit = Math.max(1, Math.min(3, Math.floor(query.length / 3)));
    return scored.filter(function (s) { return s.d <= limit; }).slice(0, 3).map(function (s) { return s.code; });
  }

  // A large catalog is split into pages; its filter searches the locale's
  // search index (search-index.js, loaded on first use, as a script so that
  // it also works from file:) and lists the matches as links.
  var searchIndex = null;
  function loadIndex(src, then) {
    if (searchIndex) { then(searchIndex); return; }
    var waiting = loadIndex.waiting || (loadIndex.waiting = []);
    waiting.push(then);
    if (waiting.length > 1) return;
    var s = document.createElement("script");
    s.src = src;
    s.onload = function () {
      var raw = window.errbookSearchIndex || { pages: [], entries: [] };
      searchIndex = raw.entries.map(function (e) {
        return { code: e[0], href: raw.pages[e[1]] + "#" + e[0], message: e[2], search: norm(e[3]) };
      });
      waiting.splice(0).forEach(function (f) { f(searchIndex); });
    };
    document.head.appendChild(s);
  }

  function setupRemoteFilter(box, input, status, tpl, src) {
    var results = document.getElementById("search-results");
    var LIMIT = 50;
    box.hidden = false;
    function show(entries) {
      var q = norm(input.value);
      results.textContent = "";
      status.textContent = "";
      results.hidden = q === "";
      if (q === "") return;
      var hits = [];
      for (var i = 0; i < entries.length && hits.length < LIMIT; i++) {
        if (entries[i].search.indexOf(q) !== -1) hits.push(entries[i]);
      }
      hits.forEach(function (e) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = e.href;
        var code = document.createElement("code");
        code.textContent = e.code;
        a.appendChild(code);
        a.appendChild(document.createTextNode(" " + e.message));
        li.appendChild(a);
        results.appendChild(li);
      });
      if (hits.length === 0) {
        results.hidden = true;
        status.appendChild(tpl.content.cloneNode(true));
        var near = nearest(q, entries.map(function (e) { return e.code; }));
        var byCode = {};
        entries.forEach(function (e) { byCode[e.code] = e.href; });
        if (near.length) {
          var ul = document.createElement("ul");
          ul.className = "suggestions";
          near.forEach(function (c) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = byCode[c];
            a.textContent = c;
            li.appendChild(a);
            ul.appendChild(li);
          });
          status.appendChild(ul);
        } else {
          var label = status.querySelector(".suggest-label");
          if (label) label.remove();
        }
      }
    }
    function apply() { loadIndex(src, show); }
    var composing = false;
    input.addEventListener("focus", function () { loadIndex(src, function () {}); });
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; apply(); });
    input.addEventListener("input", function (e) { if (!composing && !e.isComposing) apply(); });
    if (input.value) apply();
    // A link to a code on the index (index.html#40001, or one kept by the
    // language switch) goes to the page that has it.
    var code = decode(location.hash.slice(1));
    if (code && !document.getElementById(code)) {
      loadIndex(src, function (entries) {
        for (var i = 0; i < entries.length; i++) {
          if (entries[i].code === code) { location.replace(entries[i].href); return; }
        }
      });
    }
  }

  function setupFilter() {
    var box = document.getElementById("filter-box");
    var input = document.getElementById("filter");
    var status = document.getElementById("filter-status");
    var tpl = document.getElementById("no-results-template");
    if (!box || !input || !status) return;
    var remote = box.getAttribute("data-search-index");
    if (remote) { setupRemoteFilter(box, input, status, tpl, remote); return; }
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.entry"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));
    var codes = rows.map(function (r) { return r.getAttribute("data-code"); });
    box.hidden = false;

    function apply() {
      var q = norm(input.value);
      var shown = 0;
      rows.forEach(function (r) {
        var hit = q === "" || norm(r.getAttribute("data-search")).indexOf(q) !== -1;
        r.hidden = !hit;
        if (hit) shown++;
      });
      groups.forEach(function (g) {
        g.hidden = q !== "" && !g.querySelector("tr.entry:not([hidden])");
      });
      status.textContent = "";
      if (shown === 0 && q !== "") {
        status.appendChild(tpl.content.cloneNode(true));
        var near = nearest(q, codes);
        if (near.length) {
          var ul = document.createElement("ul");
          ul.className = "suggestions";
          near.forEach(function (c) {
            var li = document.createElement("li");
            var a = document.createElement("a");
            a.href = "#" + c;
            a.textContent = c;
            a.addEventListener("click", function () { input.value = ""; apply(); });
            li.appendChild(a);
            ul.appendChild(li);
          });
          status.appendChild(ul);
        } else {
          var label = status.querySelector(".suggest-label");
          if (label) label.remove();
        }
      }
    }
    // IME input (Chinese, Japanese): filter when a composition ends, not on each keystroke inside it.
    var composing = false;
    input.addEventListener("compositionstart", function () { composing = true; });
    input.addEventListener("compositionend", function () { composing = false; apply(); });
    input.addEventListener("input", function (e) { if (!composing && !e.isComposing) apply(); });
    if (input.value) apply();
  }

  function setupCopy() {
    var main = document.getElementById("main");
    var status = document.getElementById("filter-status");
    if (!main) return;
    var label = main.getAttribute("data-copy-label") || "";
    Array.prototype.forEach.call(document.querySelectorAll("button.copy"), function (b) {
      var anchor = b.getAttribute("data-anchor");
      b.setAttribute("aria-label", label.replace("{code}", anchor));
      b.hidden = false;
      b.addEventListener("click", function () {
        var url = location.href.split("#")[0] + "#" + anchor;
        var done = function () {
          b.setAttribute("data-copied", url);
          if (status) status.textContent = main.getAttribute("data-copied") || "";
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(url).then(done, function () { history.replaceState(null, "", "#" + anchor); done(); });
        } else {
          history.replaceState(null, "", "#" + anchor);
          done();
        }
      });
    });
  }

  // Switching language keeps the reader on the same code.
  function setupLanguageLinks() {
    Array.prototype.forEach.call(document.querySelectorAll("a[data-keep-hash]"), function (a) {
      a.addEventListener("click", function () {
        a.href = a.getAttribute("href").split("#")[0] + location.hash;
      });
    });
  }

  // The root page: go to the best locale for the browser's languages.
  function redirectFromRoot() {
    var body = document.body;
    if (!body.classList.contains("root")) return;
    var tags = (body.getAttribute("data-locales") || "").split(" ").filter(Boolean);
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    var lower = tags.map(function (t) { return t.toLowerCase(); });
    var traditional = /^zh-(hant|tw|hk|mo)/;
    function pick(req) {
      req = (req || "").toLowerCase();
      if (!req) return null;
      var i = lower.indexOf(req);
      if (i >= 0) return tags[i];
      var lang = req.split("-")[0];
      for (i = 0; i < lower.length; i++) {
        if (lower[i].split("-")[0] !== lang) continue;
        // Simplified and Traditional Chinese are different written languages.
        if (lang === "zh" && traditional.test(req) !== traditional.test(lower[i])) continue;
        return tags[i];
      }
      return null;
    }
    var best = null;
    for (var k = 0; k < wanted.length && !best; k++) best = pick(wanted[k]);
    if (!best) return;
    var note = document.getElementById("redirecting");
    if (note) note.hidden = false;
    location.replace(best + "/index.html" + location.hash);
  }

  // Each step on its own: one that fails (an unexpected page, a browser
  // without some API) leaves the others working.
  function start() {
    [redirectFromRoot, setupFilter, setupCopy, setupLanguageLinks].forEach(function (step) {
      try {
        step();
      } catch (e) {
        if (window.console && console.error) console.error(e);
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
