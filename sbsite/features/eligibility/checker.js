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
  var R = window.sbCheckerRules;
  var root = document.getElementById("sb-checker");
  if (!R || !root) return;
  var result = document.getElementById("sb-checker-result");
  var answers = {};
  var current = null;

  function form(id) { return document.getElementById("sb-q-" + id); }

  function readAnswer(f) {
    var input = f.querySelector("input[type=text]");
    if (input) return input.value.trim();
    var checked = f.querySelector("input[type=radio]:checked");
    return checked ? checked.value : "";
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

  function show(id) {
    var list = visible(R, answers);
    var ids = list.map(function (q) { return q.id; });
    var i = ids.indexOf(id);
    R.questions.forEach(function (q) { form(q.id).hidden = true; });
    result.hidden = true;
    var f = form(id);
    f.hidden = false;
    f.querySelector(".sb-progress").textContent = "Question " + (i + 1) + " of " + list.length + ":";
    f.querySelector("[data-back]").hidden = i === 0;
    current = id;
    f.querySelector(".sb-q__title").focus();
  }

  function next(id) {
    var ids = visible(R, answers).map(function (q) { return q.id; });
    var i = ids.indexOf(id);
    if (i + 1 < ids.length) show(ids[i + 1]);
    else showResult();
  }

  function back() {
    var ids = visible(R, answers).map(function (q) { return q.id; });
    var i = current === null ? ids.length : ids.indexOf(current);
    if (i > 0) show(ids[i - 1]);
  }

  function showResult() {
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
    var age = (answers.age || "").trim();
    var ageParam = /^[0-9]{1,3}$/.test(age) && parseInt(age, 10) <= R.oldest ? "&age=" + parseInt(age, 10) : "";
    var open = Object.keys(out.tiers).filter(function (t) { return out.tiers[t] === "open" || out.tiers[t] === "met"; });
    Array.prototype.forEach.call(result.querySelectorAll("a.sb-finder-link"), function (a) {
      var tiers = a.hasAttribute("data-finder-open") ? open.join(",") : a.getAttribute("data-finder-tiers");
      var base = a.getAttribute("href").split("?")[0];
      a.setAttribute("href", base + "?tier=" + tiers + ageParam);
    });
    result.hidden = false;
    document.getElementById("sb-result-title").focus();
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
    var ids = visible(R, answers).map(function (q) { return q.id; });
    show(ids[ids.length - 1]);
  });
  document.getElementById("sb-checker-restart").addEventListener("click", function () {
    answers = {};
    R.questions.forEach(function (q) { form(q.id).reset(); setError(form(q.id), false); });
    show(R.questions[0].id);
  });

  root.hidden = false;
  var first = form(R.questions[0].id);
  R.questions.forEach(function (q) { form(q.id).hidden = true; });
  first.hidden = false;
  first.querySelector(".sb-progress").textContent = "Question 1 of " + visible(R, answers).length + ":";
  first.querySelector("[data-back]").hidden = true;
  current = R.questions[0].id;
})();
