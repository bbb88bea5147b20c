/* Loaded on every page (mkdocs.yml extra_javascript). Two small jobs:
 *
 * 1. Page scripts: an element with data-sb-scripts="a.js b.js" gets those scripts loaded,
 *    in order (the finder and the eligibility checker), so pages carry no <script> tags.
 * 2. "My list": short breaks a family picked. The list lives in the shortlist page's
 *    address (?ids=a,b) and is mirrored in this browser's local storage. No cookies,
 *    no accounts, nothing sent anywhere. The list page loads only the data files
 *    (shortlist/data-K.js, from this site) that hold the short breaks on the list.
 */
(function () {
  "use strict";

  /* Small helpers every page script shares (the finder, search and My list), defined once
   * here because this file runs on every page before it loads them. */
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function plural(n) { return n === 1 ? "1 short break" : n + " short breaks"; }
  /* Text folded for matching: lower case, letters and digits only, a space at each end so
   * " word" finds a word start. */
  function fold(text) {
    return " " + String(text).toLowerCase().replace(/[^a-z0-9]+/g, " ").trim() + " ";
  }
  window.sbsite = { el: el, plural: plural, fold: fold };

  /* Load scripts in order; call `done()` once the last one has run (or failed to load). */
  function loadScripts(list, done) {
    if (!list.length && done) done();
    list.forEach(function (src, i) {
      var s = document.createElement("script");
      s.src = src;
      s.async = false; /* run in the order listed: data first, then the script that reads it */
      if (i === list.length - 1 && done) {
        s.addEventListener("load", function () { done(); });
        s.addEventListener("error", function () { done(); });
      }
      document.body.appendChild(s);
    });
  }

  function loadPageScripts(el) {
    loadScripts(el.getAttribute("data-sb-scripts").split(/\s+/).filter(Boolean));
  }

  /* Which shortlist/data-K.js file holds a provider: a 32-bit hash of its id (FNV-1a, then
   * MurmurHash3's final mix) modulo the number of files. sbsite/shortlist.py `id_hash` is
   * the same; the tests check both agree. Ids are ASCII slugs (ID below). */
  function idHash(id) {
    var h = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
  }

  function shardOf(id, count) { return idHash(id) % count; }

  var KEY = "sbsite-shortlist";
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var status = null;

  function unique(ids) {
    var out = [];
    ids.forEach(function (id) { if (ID.test(id) && id.length <= 80 && out.indexOf(id) < 0) out.push(id); });
    return out;
  }

  function load() {
    try {
      var v = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(v) ? unique(v.map(String)) : [];
    } catch (e) { return []; }
  }

  function store(ids) {
    try { window.localStorage.setItem(KEY, JSON.stringify(unique(ids))); } catch (e) { /* storage off: the address still holds the list */ }
    refresh();
  }

  function idsFromQuery(search) {
    var m = /(?:^|[?&])ids=([^&]*)/.exec(search || "");
    if (!m) return null;
    var raw;
    try { raw = decodeURIComponent(m[1].replace(/\+/g, " ")); } catch (e) { raw = ""; }
    return unique(raw.split(",").map(function (s) { return s.trim(); }));
  }

  function announce(text) {
    if (!status) return;
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function label(btn) {
    var on = load().indexOf(btn.getAttribute("data-shortlist-toggle")) >= 0;
    btn.firstChild.textContent = on ? "Remove from my list" : "Add to my list";
    btn.classList.toggle("sb-added", on);
  }

  function toggle(id, name) {
    var ids = load();
    var i = ids.indexOf(id);
    if (i >= 0) ids.splice(i, 1); else ids.push(id);
    store(ids);
    announce((i >= 0 ? "Removed " : "Added ") + name + (i >= 0 ? " from" : " to") + " your list. Your list has " + plural(ids.length) + ".");
  }

  /* A toggle button for one provider; its name is in hidden text so each button is distinct. */
  function button(id, name) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "md-button sb-shortlist-toggle";
    b.setAttribute("data-shortlist-toggle", id);
    b.appendChild(document.createTextNode("Add to my list"));
    var hidden = document.createElement("span");
    hidden.className = "sb-visually-hidden";
    hidden.textContent = ": " + name;
    b.appendChild(hidden);
    b.addEventListener("click", function () { toggle(id, name); });
    label(b);
    return b;
  }

  function listHref(a, ids) {
    var base = a.getAttribute("data-base");
    if (base === null) {
      base = a.getAttribute("href").split("?")[0];
      a.setAttribute("data-base", base);
    }
    a.setAttribute("href", base + (ids.length ? "?ids=" + ids.join(",") : ""));
  }

  function refresh() {
    var ids = load();
    Array.prototype.forEach.call(document.querySelectorAll("[data-shortlist-toggle]"), label);
    Array.prototype.forEach.call(document.querySelectorAll(".sb-mylist-count"), function (s) { s.textContent = String(ids.length); });
    Array.prototype.forEach.call(document.querySelectorAll("a.sb-mylist-link"), function (a) { listHref(a, ids); });
  }

  window.sbShortlist = { get: load, set: store, button: button, idsFromQuery: idsFromQuery, shardOf: shardOf };

  /* ---------------------------------------------------------- the list page */
  function listPage(root) {
    var DATA = window.sbShortlistData = window.sbShortlistData || {};
    var shards = parseInt(root.getAttribute("data-shards"), 10) || 1;
    var src = root.getAttribute("data-src");
    var base = root.getAttribute("data-provider-base") || "../providers/";
    var tried = {}; /* shard files asked for (loaded, or failed to load) */
    var items = document.getElementById("sb-shortlist-items");
    var count = document.getElementById("sb-shortlist-count");
    var missing = document.getElementById("sb-shortlist-missing");
    var share = document.getElementById("sb-shortlist-share");
    var other = document.getElementById("sb-shortlist-other");
    var fromUrl = idsFromQuery(location.search);
    var stored = load();
    var ids;
    if (fromUrl === null) {
      ids = stored; /* and put it in the address, so it can be bookmarked or sent */
      if (ids.length) {
        try { history.replaceState(history.state, "", location.pathname + "?ids=" + ids.join(",")); } catch (e) { /* file:// */ }
      }
    } else {
      ids = fromUrl;
      var same = stored.length === ids.length && stored.every(function (id, i) { return id === ids[i]; });
      if (!stored.length) store(ids);
      else if (!same) {
        other.hidden = false;
        document.getElementById("sb-shortlist-other-count").textContent = plural(stored.length);
      }
    }
    var mirror = !other || other.hidden;

    /* One fact: a value, a link, or several lines (sessions, venues) as a list. The text is
     * used as the data gives it: times were written by Python (sbsite/shortlist.py). */
    function line(dl, term, value, href) {
      if (!value || !value.length) return;
      dl.appendChild(el("dt", {}, term));
      var dd = el("dd");
      if (href) dd.appendChild(el("a", { href: href }, value));
      else if (typeof value === "string") dd.textContent = value;
      else if (value.length === 1) dd.textContent = value[0];
      else {
        var ul = el("ul", { "class": "sb-shortlist__lines" });
        value.forEach(function (v) { ul.appendChild(el("li", {}, v)); });
        dd.appendChild(ul);
      }
      dl.appendChild(dd);
    }

    function row(id) {
      var shard = DATA[shardOf(id, shards)];
      return shard && Object.prototype.hasOwnProperty.call(shard, id) ? shard[id] : null;
    }

    /* Load the data files holding `list` that are not in yet, then call done(). */
    function need(list, done) {
      var files = [];
      list.forEach(function (id) {
        var k = shardOf(id, shards);
        if (!DATA[k] && !tried[k]) { tried[k] = true; files.push(src.replace("{n}", k)); }
      });
      loadScripts(files, done);
    }

    function save(next) {
      ids = next;
      var qs = ids.length ? "?ids=" + ids.join(",") : "";
      try { history.replaceState(history.state, "", location.pathname + qs); } catch (e) { /* file:// */ }
      if (mirror) store(ids);
      need(ids, render);
    }

    function render() {
      items.textContent = "";
      var known = ids.filter(row);
      /* A file that did not load (no connection) is not the same as a short break that was removed. */
      var unread = ids.filter(function (id) { return !DATA[shardOf(id, shards)]; }).length;
      var gone = ids.length - known.length - unread;
      missing.hidden = !gone && !unread;
      missing.textContent = (gone ? (gone === 1 ? "1 short break" : gone + " short breaks") + " on this list " + (gone === 1 ? "is" : "are") + " no longer listed." : "") +
        (gone && unread ? " " : "") +
        (unread ? "We could not load the details of " + (unread === 1 ? "1 short break" : unread + " short breaks") + " on this list. Check your internet connection and reload this page." : "");
      known.forEach(function (id, index) {
        var r = row(id);
        var li = el("li", { "class": "sb-shortlist__item", "data-provider-id": id });
        var h = el("h2", { "class": "sb-shortlist__name", tabindex: "-1" });
        h.appendChild(el("a", { href: base + id + "/" }, r.n));
        li.appendChild(h);
        li.appendChild(el("p", { "class": "sb-shortlist__summary" }, r.s));
        var dl = el("dl", { "class": "sb-shortlist__facts" });
        line(dl, "Ages", r.g);
        line(dl, "Cost", r.c);
        line(dl, "When", r.d);
        line(dl, "Where", r.a);
        line(dl, r.v && r.v.length > 1 ? "Addresses" : "Address", r.v);
        line(dl, "How to get a place", r.b);
        line(dl, "Booking form", r.bu, r.bu);
        line(dl, "Ask for", r.cn);
        line(dl, "Phone", r.ph, r.pt);
        line(dl, "Email", r.em, r.em ? "mailto:" + r.em : "");
        line(dl, "Website", r.w, r.w);
        li.appendChild(dl);
        var p = el("p", { "class": "sb-no-print" });
        var rm = el("button", { type: "button", "class": "md-button" }, "Remove from my list");
        var hidden = el("span", { "class": "sb-visually-hidden" }, ": " + r.n);
        rm.appendChild(hidden);
        rm.addEventListener("click", function () {
          save(ids.filter(function (x) { return x !== id; }));
          announce("Removed " + r.n + " from your list.");
          var next = items.querySelectorAll(".sb-shortlist__name")[index] || items.querySelectorAll(".sb-shortlist__name")[index - 1];
          (next || count).focus();
        });
        p.appendChild(rm);
        li.appendChild(p);
        items.appendChild(li);
      });
      count.textContent = known.length ? "Your list has " + plural(known.length) + "." :
        unread ? "Your list could not be shown." : "Your list is empty.";
      share.setAttribute("href", ids.length ? "?ids=" + ids.join(",") : "./");
      document.getElementById("sb-shortlist-print").disabled = !known.length;
      clear.disabled = !ids.length;
    }

    document.getElementById("sb-shortlist-print").addEventListener("click", function () { window.print(); });
    /* "Clear my list" asks first, in the page (not a browser pop-up): the question takes focus,
     * "No" or Escape puts focus back on the button, "Yes" clears and focuses the count. */
    var clear = document.getElementById("sb-shortlist-clear");
    var confirmBox = document.getElementById("sb-shortlist-confirm");
    function ask(open) {
      confirmBox.hidden = !open;
      clear.setAttribute("aria-expanded", open ? "true" : "false");
    }
    clear.addEventListener("click", function () {
      if (!confirmBox.hidden) { ask(false); return; }
      document.getElementById("sb-shortlist-confirm-detail").textContent = mirror ?
        "This takes " + (ids.length === 1 ? "the 1 short break" : "all " + plural(ids.length)) + " off your list on this device. You cannot undo this." :
        "This clears the list from the link you opened. Your own list on this device stays as it is.";
      ask(true);
      document.getElementById("sb-shortlist-confirm-question").focus();
    });
    document.getElementById("sb-shortlist-clear-no").addEventListener("click", function () {
      ask(false);
      clear.focus();
    });
    confirmBox.addEventListener("keydown", function (e) {
      if (e.key === "Escape" || e.key === "Esc") { ask(false); clear.focus(); }
    });
    document.getElementById("sb-shortlist-clear-yes").addEventListener("click", function () {
      ask(false);
      save([]);
      count.focus(); /* it says "Your list is empty." */
    });
    document.getElementById("sb-shortlist-keep").addEventListener("click", function () {
      store(ids);
      mirror = true;
      other.hidden = true;
      announce("Saved. This is now your list on this device.");
      count.focus();
    });
    document.getElementById("sb-shortlist-mine").addEventListener("click", function () {
      mirror = true;
      other.hidden = true;
      save(load());
      count.focus();
    });
    need(ids, function () {
      root.hidden = false;
      render();
    });
  }

  function init() {
    var root = document.getElementById("sb-shortlist");
    Array.prototype.forEach.call(document.querySelectorAll("[data-sb-scripts]"), loadPageScripts);
    status = document.createElement("div");
    status.className = "sb-visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    document.body.appendChild(status);
    Array.prototype.forEach.call(document.querySelectorAll("[data-shortlist-id]"), function (box) {
      box.insertBefore(button(box.getAttribute("data-shortlist-id"), box.getAttribute("data-shortlist-name") || ""), box.firstChild);
      box.hidden = false;
    });
    /* "Print or save as PDF" (the statement). The button is in the page from the start, so
       showing it moves nothing; CSS hides it where scripts are off, as it could not work. */
    Array.prototype.forEach.call(document.querySelectorAll("[data-sb-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    refresh();
    window.addEventListener("storage", function (e) { if (e.key === KEY) refresh(); });
    if (root) listPage(root);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
