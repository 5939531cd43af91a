// newsweave web UI: small conveniences only. Every page works without this file (the server renders everything);
// it is served from the site itself under `script-src 'self'` and never reads or writes article text as HTML.
"use strict";

document.addEventListener("DOMContentLoaded", function () {
  // Filters: apply a changed select or date at once instead of waiting for the button.
  document.querySelectorAll("form[data-autosubmit] select, form[data-autosubmit] input[type=date]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.requestSubmit(); });
  });

  // Briefing takes seconds: say so, and stop a second click from starting a second run.
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      var status = form.querySelector(".status");
      if (status) { status.textContent = form.getAttribute("data-busy"); }
      form.querySelectorAll("button").forEach(function (b) {
        if (b !== button) { b.disabled = true; }
      });
      // The button that submitted must stay enabled until the browser has read its name and value.
      if (button) { window.setTimeout(function () { button.disabled = true; }, 0); }
    });
  });

  // Uploads: list the chosen files (names only, as text).
  document.querySelectorAll("input[type=file][data-list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("data-list"));
    input.addEventListener("change", function () {
      if (!list) { return; }
      list.textContent = "";
      Array.prototype.forEach.call(input.files, function (file) {
        var item = document.createElement("li");
        item.textContent = file.name + " (" + Math.max(1, Math.round(file.size / 1024)) + " KB)";
        list.appendChild(item);
      });
    });
  });

  // A citation link that opens a sentence on the same page (a brief made on the fly): show it even if it sits in a
  // closed <details>.
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) { return; }
    for (var el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") { el.open = true; }
    }
    target.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", reveal);
  reveal();
});
