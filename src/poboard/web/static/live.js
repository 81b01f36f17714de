// Refreshes the page's live parts ([data-live]) when the board changes, leaving any
// form, and what was typed in it, as it is. A session that ended shows its page.
(function () {
  "use strict";
  var version = document.body.dataset.version;
  var busy = false;

  function refresh() {
    return fetch(location.href, { credentials: "same-origin" }).then(function (response) {
      if (response.status === 401) { location.reload(); return; }
      if (!response.ok) { return; }
      return response.text().then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live]").forEach(function (part) {
          var replacement = fresh.getElementById(part.id);
          if (replacement) { part.replaceWith(document.importNode(replacement, true)); }
        });
        version = fresh.body.dataset.version || version;
        document.body.dataset.version = version;
      });
    });
  }

  function poll() {
    if (busy || document.hidden) { return; }
    busy = true;
    fetch("/changes", { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 401) { location.reload(); return; }
        return response.json().then(function (data) {
          if (String(data.version) !== String(version)) { return refresh(); }
        });
      })
      .catch(function () { /* the server is away: try again on the next tick */ })
      .then(function () { busy = false; });
  }

  setInterval(poll, 2000);
  document.addEventListener("visibilitychange", poll);
})();
