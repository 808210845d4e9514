// The catalogue's search: fetches the language's search.json (URL in the form's
// data-index) and filters its entries by title as the reader types.
(function () {
  "use strict";
  var form = document.querySelector("form.search");
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var script = document.currentScript;
  if (!form || !input || !status || !results) return;
  var one = script ? script.getAttribute("data-count-one") : "1";
  var other = script ? script.getAttribute("data-count-other") : "{n}";
  var entries = null;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function render() {
    if (!entries) return;
    var needle = fold(input.value.trim());
    var shown = entries.filter(function (e) { return fold(e.title).indexOf(needle) !== -1; });
    var list = document.createElement("ul");
    list.className = "film-list";
    shown.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.url;
      a.textContent = e.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    results.replaceChildren(list);
    var text = shown.length === 1 ? one : other.replace("{n}", String(shown.length));
    // A live region announces every change: leave it alone when the count is the same.
    if (status.textContent !== text) status.textContent = text;
  }
  var collator = new Intl.Collator(document.documentElement.lang);
  fetch(form.getAttribute("data-index"))
    .then(function (r) { return r.json(); })
    .then(function (all) {
      entries = all.filter(function (e) { return /\/films\/[^/]+\/$/.test(e.url) && !/\/page\//.test(e.url); });
      entries.sort(function (a, b) { return collator.compare(a.title, b.title); });
      render();
      status.setAttribute("data-ready", "true");
    })
    .catch(function () { /* No index: the page keeps its full list of films. */ });
  input.addEventListener("input", render);
})();
