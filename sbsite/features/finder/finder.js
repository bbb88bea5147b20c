/* The activity finder. Enhances /finder/, which already lists every short break without
 * JavaScript. Filters run here, over window.sbFinderData (built by sbsite/finder.py), and
 * nothing a family chooses is sent anywhere: the choices live only in the address bar.
 * The filter rules mirror sbsite/finder.py `matches`; the browser tests check both agree. */
(function () {
  "use strict";

  /* The parameters in link order (sbsite/finder.py PARAMS), from the index loaded before this script. */
  var ORDER = (window.sbFinderData || {}).order || [];
  var FLAG = { free: 1, low: 2, "direct-payments": 4, carer: 8, siblings: 16, "1:1": 32, "2:1": 64 };
  var WHEN = { term: 1, holiday: 2 };

  var sb = window.sbsite;  /* shared helpers, from sbsite-tools.js (loaded on every page first) */
  var words = sb.fold, el = sb.el, plural = sb.plural;

  function indexOf(table) {
    var out = {};
    table.forEach(function (row, i) { out[row[0]] = i; });
    return out;
  }

  var CODES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VAL = {};
  for (var ci = 0; ci < CODES.length; ci++) VAL[CODES.charCodeAt(ci)] = ci;

  /* The index (sbsite/finder.py `projection`) has one string per field, with every
   * provider's code in turn; turn it into one row per provider. Each list filter
   * (data.lists: needs, access, languages...) becomes r.L[param], positions in its table. */
  function decode(data) {
    var W = data.w, C = data.c, rows = [];
    function num(col, i) {
      var w = W[col], s = C[col], v = 0;
      for (var j = i * w; j < (i + 1) * w; j++) v = v * 64 + VAL[s.charCodeAt(j)];
      return v;
    }
    function list(col, i) { /* a bit mask, as positions in the lookup table */
      var w = W[col], s = C[col], out = [];
      for (var j = w - 1; j >= 0; j--) {
        var v = VAL[s.charCodeAt(i * w + j)], base = (w - 1 - j) * 6;
        for (var b = 0; b < 6; b++) if (v & (1 << b)) out.push(base + b);
      }
      return out;
    }
    var sessions = C.w.split(",");
    for (var i = 0; i < data.n; i++) {
      var w = [], s = sessions[i];
      for (var j = 0; j < s.length; j += 2) w.push(VAL[s.charCodeAt(j)] * 64 + VAL[s.charCodeAt(j + 1)]);
      var L = {};
      data.lists.forEach(function (l) { L[l[0]] = list(l[1], i); });
      rows.push({ _k: i, g: [num("lo", i), num("hi", i)], t: list("t", i), a: list("a", i), L: L, w: w, f: num("f", i) });
    }
    return rows;
  }

  function prepare(data) {
    if (data._ready) return data;
    data._tier = indexOf(data.tiers);
    data._area = indexOf(data.areas);
    data._list = {};  /* param → {value: position} */
    data.lists.forEach(function (l) { data._list[l[0]] = indexOf(data[l[2]]); });
    data.p = decode(data);
    data._text = {};
    data._waiting = {};
    data._ready = true;
    return data;
  }

  /* ------------------------------------------------ text, loaded when needed
   * Names, summaries and the words keyword search reads are in finder/text-N.js, FinderConfig.shard
   * providers each. The page loads the first with the index; the others load when a
   * card from them is shown, and all of them when someone uses the keyword search. */
  var TEXT = window.sbFinderText = window.sbFinderText || {};

  function attach(data, k) {
    if (data._text[k]) return true;
    var rows = TEXT[k];
    if (!rows) return false;
    rows.forEach(function (t, j) {
      var r = data.p[k * data.shard + j];
      r.i = t[0]; r.n = t[1]; r.s = t[2]; r.c = t[3]; r.o = t[4]; r.k = t[5];
      r._h = words([r.n, r.o, r.s, r.k].join(" "));
    });
    data._text[k] = true;
    return true;
  }

  /* Make sure text shards `ks` are in; call done(ok) (straight away if they already are). */
  function load(data, ks, done) {
    prepare(data);
    var missing = ks.filter(function (k) { return !attach(data, k); });
    var left = missing.length, ok = true;
    if (!left) { done(true); return; }
    missing.forEach(function (k) {
      var first = !data._waiting[k];
      data._waiting[k] = data._waiting[k] || [];
      data._waiting[k].push(function (good) {
        ok = ok && good;
        if (--left === 0) done(ok);
      });
      if (!first) return;
      var s = document.createElement("script");
      s.src = data.text[k];
      function finish() {
        var cbs = data._waiting[k] || [], good = attach(data, k);
        delete data._waiting[k];
        if (!good && s.parentNode) s.parentNode.removeChild(s); /* so a later try loads it again */
        cbs.forEach(function (cb) { cb(good); });
      }
      s.addEventListener("load", finish);
      s.addEventListener("error", finish);
      document.body.appendChild(s);
    });
  }

  function allShards(data) {
    return data.text.map(function (t, k) { return k; });
  }

  function shardsOf(data, rows) {
    var seen = {}, out = [];
    rows.forEach(function (r) {
      var k = Math.floor(r._k / data.shard);
      if (!seen[k]) { seen[k] = true; out.push(k); }
    });
    return out;
  }

  /* "area=a,b&age=7" → {area: ["a", "b"], age: ["7"]}; unknown parameters are dropped. */
  function parse(query) {
    var out = {};
    String(query).replace(/^\?/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq < 1) return;
      var key = part.slice(0, eq);
      if (ORDER.indexOf(key) < 0) return;
      var value;
      try { value = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " ")); } catch (e) { return; }
      var values = key === "q" ? [value.trim()] : value.split(",").map(function (v) { return v.trim(); });
      values = values.filter(Boolean);
      if (values.length) out[key] = values;
    });
    return out;
  }

  function serialize(params) {
    return ORDER.filter(function (k) { return params[k] && params[k].length; }).map(function (k) {
      return k + "=" + params[k].map(function (v) {
        return encodeURIComponent(v).replace(/%3A/gi, ":").replace(/%20/g, "+");
      }).join(",");
    }).join("&");
  }

  /* Keep only values the data knows, exactly as sbsite/finder.py `clean` does. */
  function clean(data, params) {
    prepare(data);
    var known = {
      tier: data._tier, area: data._area,
      day: indexOf(data.days.map(function (d) { return [d]; })),
      when: WHEN, cost: { free: 1, low: 1, "direct-payments": 1 }, support: { "1:1": 1, "2:1": 1 },
      carer: { free: 1 }, siblings: { welcome: 1 }
    };
    data.lists.forEach(function (l) { known[l[0]] = data._list[l[0]]; });
    var out = {};
    Object.keys(params).forEach(function (key) {
      var values = params[key] || [];
      if (key === "q") {
        var q = values.join(" ");
        values = words(q).trim() ? [q] : [];
      } else if (key === "age") {
        values = values.slice(0, 1).filter(function (v) { return /^[0-9]{1,3}$/.test(v); });
      } else if (known[key]) {
        values = values.filter(function (v) { return Object.prototype.hasOwnProperty.call(known[key], v); });
      } else {
        values = [];
      }
      if (values.length) out[key] = values;
    });
    return out;
  }

  /* Turn cleaned params into fast tests, once per filter change. */
  function compile(data, P) {
    var c = {};
    if (P.q) c.q = words(P.q[0]).trim().split(" ").map(function (w) { return " " + w; });
    if (P.age) c.age = P.age.map(Number);
    if (P.tier) c.tier = P.tier.map(function (v) { return data._tier[v]; });
    if (P.area) c.area = P.area.map(function (v) { return data._area[v]; });
    c.lists = [];  /* [param, "any" or "all", positions wanted] */
    data.lists.forEach(function (l) {
      var key = l[0];
      if (P[key]) c.lists.push([key, data.params[key], P[key].map(function (v) { return data._list[key][v]; })]);
    });
    if (P.day) c.days = P.day.reduce(function (m, d) { return m | (1 << data.days.indexOf(d)); }, 0);
    if (P.when) c.when = P.when.reduce(function (m, w) { return m | WHEN[w]; }, 0);
    var all = 0;
    (P.cost || []).forEach(function (v) { all |= FLAG[v]; });
    if (P.carer) all |= FLAG.carer;
    if (P.siblings) all |= FLAG.siblings;
    c.all = all;
    if (P.support) c.any = P.support.reduce(function (m, v) { return m | FLAG[v]; }, 0);
    return c;
  }

  function some(list, have) {
    for (var i = 0; i < list.length; i++) if (have.indexOf(list[i]) >= 0) return true;
    return false;
  }

  function every(list, have) {
    for (var i = 0; i < list.length; i++) if (have.indexOf(list[i]) < 0) return false;
    return true;
  }

  function sessionOk(r, c) {
    if (!c.days && !c.when) return true;
    var w = r.w;
    if (!w || !w.length) return true; /* arranged with each family: any day, any time of year */
    for (var i = 0; i < w.length; i++) {
      var days = w[i] >> 2, when = w[i] & 3;
      if ((!c.days || (days & c.days)) && (!c.when || (when & c.when))) return true;
    }
    return false;
  }

  function test(r, c) {
    if (c.q) for (var i = 0; i < c.q.length; i++) if ((r._h || "").indexOf(c.q[i]) < 0) return false;
    if (c.age && !c.age.some(function (a) { return r.g[0] <= a && a <= r.g[1]; })) return false;
    if (c.tier && !some(c.tier, r.t || [])) return false;
    if (c.area && !some(c.area, r.a || [])) return false;
    if (!sessionOk(r, c)) return false;
    if ((r.f & c.all) !== c.all) return false;
    for (var li = 0; li < c.lists.length; li++) {
      var l = c.lists[li], have = r.L[l[0]] || [];
      if (!(l[1] === "all" ? every(l[2], have) : some(l[2], have))) return false;
    }
    if (c.any && !(r.f & c.any)) return false;
    return true;
  }

  function filter(data, params) {
    prepare(data);
    var c = compile(data, clean(data, params));
    return data.p.filter(function (r) { return test(r, c); });
  }

  /* When nothing matches: the one filter whose removal shows the most (the first wins a tie). */
  function relax(data, params) {
    var P = clean(data, params), best = null;
    ORDER.forEach(function (key) {
      if (!P[key]) return;
      var rest = {};
      Object.keys(P).forEach(function (k) { if (k !== key) rest[k] = P[k]; });
      var n = filter(data, rest).length;
      if (n && (!best || n > best.count)) best = { key: key, count: n };
    });
    return best;
  }

  function joinWords(items) {
    if (items.length <= 1) return items.join("");
    return items.slice(0, -1).join(", ") + " and " + items[items.length - 1];
  }

  function cap(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  function daysText(data, r) {
    var mask = (r.w || []).reduce(function (m, s) { return m | (s >> 2); }, 0);
    if (!mask) return "";
    if (mask === 127) return "Every day";
    if (mask === 31) return "Monday to Friday";
    return joinWords(data.days.filter(function (d, i) { return mask & (1 << i); }).map(cap));
  }


  function valueName(data, key, v) {
    var table = { tier: data.tiers, area: data.areas }[key];
    data.lists.forEach(function (l) { if (l[0] === key) table = data[l[2]]; });
    if (table) {
      var row = table.filter(function (t) { return t[0] === v; })[0];
      if (row) return key === "tier" ? "Tier " + row[1] + ": " + row[2] : row[1];
    }
    if (key === "day") return cap(v);
    if (key === "when") return v === "term" ? "Term time" : "School holidays";
    if (key === "cost") return { free: "Free", low: "Low cost", "direct-payments": "Direct payments" }[v];
    if (key === "carer") return "Yes";
    if (key === "siblings") return "Yes";
    return v;
  }

  /* For tests and the benchmark: a promise that every text shard is in. */
  function loadAll(data) {
    return new Promise(function (resolve) { load(data, allShards(prepare(data)), resolve); });
  }

  window.sbFinder = { words: words, parse: parse, serialize: serialize, clean: clean, filter: filter, relax: relax, loadAll: loadAll };

  /* ------------------------------------------------------------- the page */
  var data = window.sbFinderData;
  var root = document.getElementById("sb-finder");
  if (!data || !root) return;
  prepare(data);

  var form = document.getElementById("sb-finder-form");
  var count = document.getElementById("sb-finder-count");
  var list = document.getElementById("sb-finder-results");
  var empty = document.getElementById("sb-finder-empty");
  var relaxBox = document.getElementById("sb-finder-relax");
  var more = document.getElementById("sb-finder-more");
  var link = document.getElementById("sb-finder-link");
  var details = document.getElementById("sb-more-filters");
  var state = { rows: [], shown: 0, params: {}, gen: 0 };

  function readForm() {
    var P = {};
    ORDER.forEach(function (key) {
      var els = form.elements[key];
      if (!els) return;
      var vals = [];
      if (els.tagName === "INPUT" && els.type === "search") vals = els.value.trim() ? [els.value] : [];
      else if (els.tagName === "SELECT") vals = els.value ? [els.value] : [];
      else {
        var nodes = els.length !== undefined ? Array.prototype.slice.call(els) : [els];
        vals = nodes.filter(function (n) { return n.checked; }).map(function (n) { return n.value; });
      }
      if (vals.length) P[key] = vals;
    });
    return P;
  }

  function writeForm(P) {
    form.reset();
    ORDER.forEach(function (key) {
      var els = form.elements[key];
      if (!els || !P[key]) return;
      if (els.tagName === "INPUT" && els.type === "search") els.value = P[key][0];
      else if (els.tagName === "SELECT") els.value = P[key][0];
      else {
        var nodes = els.length !== undefined ? Array.prototype.slice.call(els) : [els];
        nodes.forEach(function (n) { n.checked = P[key].indexOf(n.value) >= 0; });
      }
    });
    if (details && details.querySelector("input:checked")) details.open = true;
  }

  function fact(ul, label, value) {
    var li = el("li");
    li.appendChild(el("strong", {}, label + ":"));
    li.appendChild(document.createTextNode(" " + value));
    ul.appendChild(li);
  }

  function card(r) {
    var li = el("li", { "class": "sb-card", "data-provider-id": r.i });
    var h = el("h3", { "class": "sb-card__title" });
    h.appendChild(el("a", { href: data.pb + r.i + "/" }, r.n));
    li.appendChild(h);
    li.appendChild(el("p", {}, r.s));
    var ul = el("ul", { "class": "sb-card__facts" });
    fact(ul, "Ages", r.g[0] === r.g[1] ? r.g[0] + " years" : r.g[0] + " to " + r.g[1] + " years");
    fact(ul, "Cost", r.c);
    fact(ul, "Where", (r.a || []).length ? r.a.map(function (i) { return data.areas[i][1]; }).join(", ") : "Ask the provider");
    fact(ul, "When", daysText(data, r) || "Times arranged with your family");
    li.appendChild(ul);
    if (window.sbShortlist && window.sbShortlist.button) {
      var p = el("p", { "class": "sb-card__actions" });
      p.appendChild(window.sbShortlist.button(r.i, r.n));
      li.appendChild(p);
    }
    return li;
  }

  /* A problem loading text (offline, say): keep what is shown and say so. */
  function failed() {
    count.textContent = "Some short breaks could not be loaded. Check your internet connection, then try again.";
  }

  /* Show the next page of cards, loading their text first if needed; then call after(). */
  function showMore(focusFirst, after) {
    var my = state.gen, start = state.shown, end = Math.min(state.rows.length, start + (data.page || 50));
    var rows = state.rows.slice(start, end);
    state.busy = true;
    list.setAttribute("aria-busy", "true");
    load(data, shardsOf(data, rows), function (ok) {
      if (my !== state.gen) return;
      state.busy = false;
      list.removeAttribute("aria-busy");
      if (!ok) { failed(); return; }
      if (start === 0) list.textContent = "";
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(card(r)); });
      list.appendChild(frag);
      state.shown = end;
      more.hidden = state.shown >= state.rows.length;
      if (focusFirst && list.children[start]) list.children[start].querySelector("a").focus();
      if (after) after();
    });
  }

  function describe(key) {
    var vals = state.params[key].map(function (v) { return valueName(data, key, v); });
    return data.labels[key] + ": " + vals.join(", ");
  }

  function apply() {
    var P = clean(data, readForm());
    var my = ++state.gen, waiting = true;
    state.params = P;
    state.busy = false;
    list.setAttribute("aria-busy", "true");
    var qs = serialize(P);
    try { history.replaceState(history.state, "", location.pathname + (qs ? "?" + qs : "") + location.hash); } catch (e) { /* file:// */ }
    link.setAttribute("href", qs ? "?" + qs : "./");
    /* Keyword search reads every short break's words: load them all first (once). */
    load(data, P.q ? allShards(data) : [], function (ok) {
      waiting = false;
      if (my !== state.gen) return;
      list.removeAttribute("aria-busy");
      if (!ok) { failed(); return; }
      results(P);
    });
    if (waiting && my === state.gen) count.textContent = "Finding short breaks\u2026";
  }

  function results(P) {
    state.rows = filter(data, P);
    state.shown = 0;
    var n = state.rows.length;
    relaxBox.textContent = "";
    var message;
    if (n === 0) {
      list.textContent = "";
      more.hidden = true;
      empty.hidden = false;
      var best = relax(data, P);
      message = "No short breaks match your choices.";
      if (best) {
        message += " Removing \u201c" + describe(best.key) + "\u201d would show " + plural(best.count) + ".";
        relaxBox.appendChild(document.createTextNode("Try removing \u201c" + describe(best.key) + "\u201d: that would show " + plural(best.count) + ". "));
        var b = el("button", { type: "button", "class": "md-button", "data-relax": best.key }, "Remove this filter");
        b.addEventListener("click", function () {
          var next = {};
          Object.keys(state.params).forEach(function (k) { if (k !== best.key) next[k] = state.params[k]; });
          writeForm(next);
          apply();
          count.focus();
        });
        relaxBox.appendChild(b);
      } else {
        relaxBox.textContent = "Try clearing some of your choices.";
      }
      count.textContent = message;
      return;
    }
    message = Object.keys(P).length ? plural(n) + (n === 1 ? " matches" : " match") + " your choices." : "Showing all " + plural(n) + ".";
    showMore(false, function () {
      empty.hidden = true;
      if (state.shown < n) message += " The first " + state.shown + " are listed.";
      count.textContent = message;
    });
  }

  var timer = null;
  form.addEventListener("change", function (e) {
    if (e.target && e.target.name === "q") return;
    apply();
  });
  form.elements.q.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(apply, 250);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    apply();
    count.focus();
  });
  document.getElementById("sb-finder-clear").addEventListener("click", function () {
    writeForm({});
    apply();
    form.elements.q.focus();
  });
  more.addEventListener("click", function () { if (!state.busy) showMore(true); });
  /* Someone about to search by word: start loading the words now. */
  form.elements.q.addEventListener("focus", function () { load(data, allShards(data), function () {}); });
  count.setAttribute("tabindex", "-1");

  writeForm(clean(data, parse(location.search)));
  root.hidden = false;
  var all = document.getElementById("sb-finder-all");
  if (all) all.hidden = true;
  apply();
  if (window.performance && performance.mark) performance.mark("sb-finder-ready");
})();
