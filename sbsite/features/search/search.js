/* Site search (sbsite/search.py builds the index; this runs only on /search/).
 * Words are matched in titles, headings, summaries and text; every word must appear.
 * Nothing is sent anywhere: the index is a file of this site, searched in the browser. */
(function () {
  "use strict";
  var data = window.sbSearchData;
  var form = document.querySelector("form.sb-search");
  var input = document.getElementById("sb-search-q");
  var box = document.getElementById("sb-search-results");
  var count = document.getElementById("sb-search-count");
  var list = document.getElementById("sb-search-list");
  var all = document.getElementById("sb-search-all");
  var finder = document.querySelector("a.sb-search__finder");
  if (!data || !form || !input || !box) return;

  var fold = window.sbsite.fold;  /* shared with the finder, from sbsite-tools.js */
  var pages = data.pages.map(function (p) {
    return { page: p, title: fold(p.t), summary: fold(p.s), heads: p.h.map(function (h) { return fold(h[0]); }),
             text: fold(p.x) };
  });

  function words(query) {
    return fold(query).trim().split(" ").filter(function (w) { return w.length > 0; }).slice(0, 10);
  }

  function has(hay, word) { return hay.indexOf(" " + word) >= 0; }

  function score(item, ws) {
    var total = 0;
    for (var i = 0; i < ws.length; i++) {
      var w = ws[i], s = 0;
      if (has(item.title, w)) s += 8;
      if (item.heads.some(function (h) { return has(h, w); })) s += 4;
      if (has(item.summary, w)) s += 3;
      if (has(item.text, w)) s += 1;
      if (!s) return 0;
      total += s;
    }
    /* The full version of a page comes before its easy read twin. */
    return item.page.u.indexOf("easy-read/") === 0 ? total * 0.8 : total;
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }

  function show(query) {
    var ws = words(query);
    if (finder) finder.href = "../finder/" + (ws.length ? "?q=" + encodeURIComponent(ws.join(" ")) : "");
    list.textContent = "";
    if (!ws.length) {
      box.hidden = true;
      if (all) all.hidden = false;
      count.textContent = "";
      return;
    }
    var found = pages.map(function (item) { return { item: item, score: score(item, ws) }; })
      .filter(function (r) { return r.score > 0; })
      .sort(function (a, b) { return b.score - a.score || (a.item.page.t < b.item.page.t ? -1 : 1); });
    found.slice(0, 30).forEach(function (r) {
      var p = r.item.page, li = document.createElement("li");
      var h = document.createElement("h2");
      h.className = "sb-search__title";
      h.appendChild(link("../" + p.u, p.t));
      li.appendChild(h);
      if (p.s) {
        var s = document.createElement("p");
        s.textContent = p.s;
        li.appendChild(s);
      }
      var heads = p.h.filter(function (hd, i) { return ws.some(function (w) { return has(r.item.heads[i], w); }); });
      if (heads.length) {
        var ul = document.createElement("ul");
        heads.slice(0, 4).forEach(function (hd) {
          var item = document.createElement("li");
          item.appendChild(link("../" + p.u + "#" + hd[1], hd[0]));
          ul.appendChild(item);
        });
        li.appendChild(ul);
      }
      list.appendChild(li);
    });
    var shown = ws.join(" ");
    count.textContent = found.length
      ? (found.length === 1 ? "1 page matches" : found.length + " pages match") + " \u201c" + shown + "\u201d."
      : "No pages match \u201c" + shown + "\u201d. Try fewer words, or a different word. To find a club or activity, use the short breaks finder.";
    box.hidden = false;
    if (all) all.hidden = true;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var q = input.value;
    var url = new URL(window.location.href);
    if (q.trim()) url.searchParams.set("q", q); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.toString());
    show(q);
  });

  var initial = new URL(window.location.href).searchParams.get("q") || "";
  input.value = initial;
  show(initial);
})();
