// errbook serve: reload the page when the site is rebuilt. Served at
// /__errbook/reload.js and added to pages only by `errbook serve`, never to
// the files of the site.
(function () {
  "use strict";
  var me = document.currentScript;
  var seen = me && me.getAttribute("data-version");
  var source = new EventSource("/__errbook/events");
  // On (re)connecting the server says which build it serves: a page that
  // missed a reload (or outlived a restart of the server) catches up.
  source.addEventListener("version", function (e) {
    if (seen !== null && e.data !== seen) location.reload();
  });
  source.addEventListener("reload", function () {
    location.reload();
  });
  document.addEventListener("click", function (e) {
    var t = e.target;
    if (t && t.hasAttribute && t.hasAttribute("data-errbook-dismiss")) {
      var banner = document.getElementById("errbook-serve-banner");
      if (banner) banner.hidden = true;
    }
  });
})();
