/* The eligibility checker: one question per screen, then the answer. Runs only in this
 * browser over window.sbCheckerRules (built by sbsite/eligibility.py); it sends nothing and
 * stores nothing. `meaning`, `visible` and `evaluate` mirror sbsite/eligibility.py. */
(function () {
  "use strict";

  function choice(q, answer) {
    return (q.options || []).filter(function (o) { return o.value === answer; })[0] || null;
  }

  /* What one answer means for its criterion ("yes", "no", "unsure" or "ask"), and any note. */
  function meaning(q, answer) {
    if (answer === undefined || answer === null || answer === "") return [null, null];
    if (q.type === "age") {
      var text = String(answer).trim();
      if (!/^[0-9]{1,3}$/.test(text)) return [null, null];
      var age = parseInt(text, 10);
      var band = q.bands.filter(function (b) { return !("max" in b) || age <= b.max; })[0];
      return [band.means, band.note || null];
    }
    var o = choice(q, answer);
    return o ? [o.means, o.note || null] : [null, null];
  }

  function visible(R, answers) {
    return R.questions.filter(function (q) {
      if (!q.show_if) return true;
      var parent = R.questions.filter(function (p) { return p.id === q.show_if; })[0];
      return meaning(parent, answers[parent.id])[0] === "ask";
    });
  }

  function evaluate(R, answers) {
    var means = {}, notes = [];
    visible(R, answers).forEach(function (q) {
      var m = meaning(q, answers[q.id]);
      if (m[0] && m[0] !== "ask") means[q.criterion] = m[0];
      if (m[1] && notes.indexOf(m[1]) < 0) notes.push(m[1]);
    });
    var tiers = {}, failed = [];
    R.tiers.forEach(function (t) {
      if (t.access === "open") { tiers[t.id] = "open"; return; }
      var values = [];
      R.criteria.forEach(function (c) {
        if (c.tiers.indexOf(t.id) < 0) return;
        var v = means[c.id] || "unsure";
        values.push(v);
        if (v === "no" && failed.indexOf(c.id) < 0) failed.push(c.id);
      });
      if (values.indexOf("no") >= 0) tiers[t.id] = "not-met";
      else if (values.indexOf("unsure") >= 0) tiers[t.id] = "maybe";
      else tiers[t.id] = t.access === "assessment" ? "assessment" : "met";
    });
    return { tiers: tiers, failed: failed, notes: notes };
  }

  window.sbChecker = { meaning: meaning, visible: visible, evaluate: evaluate };

  /* ------------------------------------------------------------- the page */
  /* This file is loaded by a plain <script> right after the checker's HTML, so it runs before
   * the rest of the page is read: the first screen is in place before anything below it is
   * drawn, and nothing moves (no layout shift).
   *
   * The address holds the answers so far, after the # ("#age=9&residence=yes&needs=benefit"),
   * so an answer can be bookmarked, shared, printed and reloaded, and the browser's Back
   * button steps back through the questions. The part after # is never sent to any server. */
  var R = window.sbCheckerRules;
  var root = document.getElementById("sb-checker");
  if (!R || !root) return;
  var result = document.getElementById("sb-checker-result");
  var intro = document.getElementById("sb-checker-intro"); /* "Answer 3 short questions": not needed with the answer */
  var answers = {};   /* every answer given on this page, also ones after the current screen */
  var current = null; /* the question on screen, or null for the answer */

  function form(id) { return document.getElementById("sb-q-" + id); }
  function question(id) { return R.questions.filter(function (q) { return q.id === id; })[0]; }
  function ids() { return visible(R, answers).map(function (q) { return q.id; }); }

  function readAnswer(f) {
    var input = f.querySelector("input[type=text]");
    if (input) return input.value.trim();
    var checked = f.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "";
  }

  /* Put a remembered answer back in its form (after a reload, or Back). */
  function fill(id) {
    var f = form(id), value = answers[id] === undefined ? "" : answers[id];
    var input = f.querySelector("input[type=text]");
    if (input) { input.value = value; return; }
    Array.prototype.forEach.call(f.querySelectorAll("input[type=radio]"), function (r) { r.checked = r.value === value; });
  }

  function setError(f, on) {
    var err = f.querySelector(".sb-error");
    var inputs = f.querySelectorAll("input");
    err.hidden = !on;
    var field = f.querySelector("input[type=text]") || f.querySelector("fieldset");
    var ids = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x !== err.id; });
    if (on) ids.push(err.id);
    field.setAttribute("aria-describedby", ids.join(" "));
    Array.prototype.forEach.call(inputs, function (i) {
      if (on) i.setAttribute("aria-invalid", "true"); else i.removeAttribute("aria-invalid");
    });
  }

  /* ---- the address */
  /* The answers the address holds: only known questions, only answers that mean something. */
  function parse(text) {
    var out = {};
    text.replace(/^[#?]/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("="), key, value;
      if (i < 1) return;
      try {
        key = decodeURIComponent(pair.slice(0, i));
        value = decodeURIComponent(pair.slice(i + 1).replace(/\+/g, " ")).trim();
      } catch (e) { return; }
      var q = question(key);
      if (q && meaning(q, value)[0]) out[key] = value;
    });
    return out;
  }

  /* Does this address say something about the checker? (Not "#main" from a skip link.) */
  function isState(text) { return text === "" || text === "#" || text.indexOf("=") > 0; }

  /* The answers up to the screen shown: the questions before it, or all of them for the answer. */
  function address() {
    var list = ids(), end = current === null ? list.length : list.indexOf(current);
    var parts = list.slice(0, end).map(function (id) {
      return encodeURIComponent(id) + "=" + encodeURIComponent(answers[id]);
    });
    return location.pathname + (parts.length ? "#" + parts.join("&") : "");
  }

  function remember(push) {
    var url = address();
    if (url === location.pathname + location.search + location.hash) return;
    try {
      if (push) history.pushState({ sbChecker: true }, "", url);
      else history.replaceState({ sbChecker: true }, "", url);
    } catch (e) { /* a browser that refuses: the checker still works, the address does not change */ }
  }

  /* Show the screen an address asks for: the first question it has no answer for, or the answer. */
  function fromAddress(text, focus) {
    var given = parse(text);
    Object.keys(given).forEach(function (k) { answers[k] = given[k]; });
    var list = visible(R, given).map(function (q) { return q.id; });
    var missing = list.filter(function (id) { return !(id in given); })[0];
    if (missing === undefined) showResult(focus);
    else show(missing, focus);
  }

  /* ---- the screens */
  function show(id, focus) {
    var list = ids();
    var i = list.indexOf(id);
    R.questions.forEach(function (q) { form(q.id).hidden = true; });
    result.hidden = true;
    intro.hidden = false;
    var f = form(id);
    fill(id);
    setError(f, false);
    f.hidden = false;
    f.querySelector(".sb-progress").textContent = "Question " + (i + 1) + " of " + list.length + ":";
    f.querySelector("[data-back]").hidden = i === 0;
    current = id;
    root.setAttribute("data-screen", "question");
    if (focus) f.querySelector(".sb-q__title").focus();
  }

  function go(id, push) {
    if (id === null) showResult(true); else show(id, true);
    remember(push);
  }

  function next(id) {
    var list = ids();
    var i = list.indexOf(id);
    go(i + 1 < list.length ? list[i + 1] : null, true);
  }

  function back() {
    var list = ids();
    var i = current === null ? list.length : list.indexOf(current);
    if (i > 0) go(list[i - 1], true);
  }

  function showResult(focus) {
    var out = evaluate(R, answers);
    R.questions.forEach(function (q) { form(q.id).hidden = true; });
    current = null;
    var labels = {};
    R.criteria.forEach(function (c) { labels[c.id] = c.label; });
    var failedText = out.failed.map(function (c) { return labels[c]; });
    failedText = failedText.length > 1 ? failedText.slice(0, -1).join(", ") + " and " + failedText[failedText.length - 1] : failedText.join("");
    Array.prototype.forEach.call(result.querySelectorAll("li[data-tier]"), function (li) {
      li.hidden = out.tiers[li.getAttribute("data-tier")] !== li.getAttribute("data-status");
      var span = li.querySelector("[data-failed]");
      if (span) span.textContent = failedText;
    });
    Array.prototype.forEach.call(result.querySelectorAll("[data-group]"), function (g) {
      g.hidden = !g.querySelector("li[data-tier]:not([hidden])");
    });
    Array.prototype.forEach.call(result.querySelectorAll("[data-note]"), function (p) {
      p.hidden = out.notes.indexOf(p.getAttribute("data-note")) < 0;
    });
    /* "Your answers": what was asked, and what the family said, in their words. */
    var asked = ids();
    Array.prototype.forEach.call(result.querySelectorAll("[data-answer]"), function (row) {
      var q = question(row.getAttribute("data-answer"));
      var shown = asked.indexOf(q.id) >= 0 && answers[q.id] !== undefined;
      row.hidden = !shown;
      if (shown) row.querySelector("dd").textContent = q.type === "age" ? String(parseInt(answers[q.id], 10)) : choice(q, answers[q.id]).label;
    });
    var age = (answers.age || "").trim();
    var ageParam = /^[0-9]{1,3}$/.test(age) && parseInt(age, 10) <= R.oldest ? "&age=" + parseInt(age, 10) : "";
    var open = Object.keys(out.tiers).filter(function (t) { return out.tiers[t] === "open" || out.tiers[t] === "met"; });
    Array.prototype.forEach.call(result.querySelectorAll("a.sb-finder-link"), function (a) {
      var tiers = a.hasAttribute("data-finder-open") ? open.join(",") : a.getAttribute("data-finder-tiers");
      var base = a.getAttribute("href").split("?")[0];
      a.setAttribute("href", base + "?tier=" + tiers + ageParam);
    });
    result.hidden = false;
    intro.hidden = true;
    root.setAttribute("data-screen", "result");
    if (focus) document.getElementById("sb-result-title").focus();
  }

  R.questions.forEach(function (q) {
    var f = form(q.id);
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var value = readAnswer(f);
      if (!meaning(q, value)[0]) {
        setError(f, true);
        (f.querySelector("input[type=text]") || f.querySelector("input[type=radio]")).focus();
        return;
      }
      setError(f, false);
      answers[q.id] = value;
      next(q.id);
    });
    f.querySelector("[data-back]").addEventListener("click", back);
  });
  document.getElementById("sb-checker-change").addEventListener("click", function () {
    var list = ids();
    go(list[list.length - 1], true);
  });
  document.getElementById("sb-checker-restart").addEventListener("click", function () {
    answers = {};
    R.questions.forEach(function (q) { form(q.id).reset(); setError(form(q.id), false); });
    go(R.questions[0].id, true);
  });
  document.getElementById("sb-checker-print").addEventListener("click", function () { window.print(); });

  /* The browser's Back and Forward buttons, and an address changed by hand. */
  window.addEventListener("popstate", function () {
    if (isState(location.hash)) fromAddress(location.hash, true);
  });

  /* The first screen. An address from a link that put the answers after "?" still works;
   * it is rewritten with "#" so that a reload does not send the answers again. */
  var start = isState(location.hash) && location.hash.length > 1 ? location.hash : "";
  if (!start && location.search && Object.keys(parse(location.search)).length) start = location.search;
  root.hidden = false;
  fromAddress(start, false);
  if (start && start.charAt(0) === "?") {
    try { history.replaceState(null, "", address()); } catch (e) { /* keep the address as it is */ }
  }
})();
