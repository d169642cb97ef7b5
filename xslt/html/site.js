/* The HTML edition's one script: small enhancements of pages that work without it.
   - a document's view switch (both languages / the original / the translation);
   - the index's filters (year, person, type), which read the entries' data-* attributes;
   - the search page (Pagefind's UI; it needs the site served over http).
   It never builds HTML from strings: it only toggles attributes and sets text. */
(function () {
  "use strict";

  var VIEW_KEY = "tei-cables-view";

  function setView(parallel, view) {
    parallel.setAttribute("data-view", view);
    parallel.querySelectorAll(".view-switch button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-view") === view));
    });
  }

  function initViewSwitch() {
    var saved = null;
    try { saved = window.localStorage.getItem(VIEW_KEY); } catch (e) { saved = null; }
    document.querySelectorAll(".parallel").forEach(function (parallel) {
      var bar = parallel.querySelector(".view-switch");
      if (!bar) { return; }
      bar.hidden = false;
      bar.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-view]");
        if (!button) { return; }
        var view = button.getAttribute("data-view");
        setView(parallel, view);
        try { window.localStorage.setItem(VIEW_KEY, view); } catch (e) { /* private mode */ }
      });
      if (saved === "orig" || saved === "trans") { setView(parallel, saved); }
    });
  }

  function initFilters() {
    var form = document.querySelector("form.filters");
    if (!form) { return; }
    var entries = Array.prototype.slice.call(document.querySelectorAll(".doc-entry"));
    var status = document.querySelector(".filter-status");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
    form.hidden = false;
    function apply() {
      var shown = 0;
      entries.forEach(function (entry) {
        var visible = selects.every(function (select) {
          var want = select.value;
          if (!want) { return true; }
          var have = entry.getAttribute("data-" + select.getAttribute("data-filter")) || "";
          var key = select.getAttribute("data-filter");
          return key === "person" ? have.split(" ").indexOf(want) >= 0 : have === want;
        });
        entry.hidden = !visible;
        if (visible) { shown += 1; }
      });
      if (status) {
        status.textContent = shown + " of " + entries.length + " document" +
          (entries.length === 1 ? "" : "s");
      }
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
  }

  function initSearch() {
    var target = document.getElementById("search");
    if (!target) { return; }
    if (window.location.protocol === "file:") {
      var note = document.querySelector(".search-file-note");
      if (note) { note.hidden = false; }
      return;
    }
    if (typeof window.PagefindUI !== "function") { return; }
    // results are addressed from the site's root, wherever the site is published
    var base = new URL(".", window.location.href).pathname;
    // the index comes in shards (pagefind/, pagefind-1/ …): the first is loaded with the
    // UI, the others are merged into it
    var bundles = (target.getAttribute("data-bundles") || "").split(" ").filter(Boolean);
    var ui = new window.PagefindUI({
      element: "#search", showSubResults: true, showImages: false, baseUrl: base,
      mergeIndex: bundles.map(function (b) { return { bundlePath: base + b + "/" }; }),
      translations: { placeholder: "Search the edition (日本語 / English)" }
    });
    // Pagefind's box has only a placeholder and a title: give it an accessible name
    var input = target.querySelector("input");
    if (input) { input.setAttribute("aria-label", "Search the edition"); }
    // Excerpts mix both languages: each run of Japanese gets lang="ja" (screen readers,
    // fonts), as common.xsl does for the pages. Built with DOM nodes, never with HTML.
    var run = /[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+/g;
    function markJapanese(root) {
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      var nodes = [];
      while (walker.nextNode()) { nodes.push(walker.currentNode); }
      nodes.forEach(function (node) {
        var text = node.nodeValue;
        if (!run.test(text)) { return; }
        run.lastIndex = 0;
        var parts = document.createDocumentFragment();
        var last = 0;
        var match;
        while ((match = run.exec(text)) !== null) {
          parts.appendChild(document.createTextNode(text.slice(last, match.index)));
          var span = document.createElement("span");
          span.setAttribute("lang", "ja");
          span.textContent = match[0];
          parts.appendChild(span);
          last = match.index + match[0].length;
        }
        parts.appendChild(document.createTextNode(text.slice(last)));
        node.parentNode.replaceChild(parts, node);
      });
    }
    new MutationObserver(function () {
      target.querySelectorAll(".pagefind-ui__result-excerpt:not([data-lang-marked])")
        .forEach(function (excerpt) {
          excerpt.setAttribute("data-lang-marked", "");
          markJapanese(excerpt);
        });
    }).observe(target, { childList: true, subtree: true });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) { ui.triggerSearch(query); }
  }

  function init() {
    initViewSwitch();
    initFilters();
    initSearch();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
