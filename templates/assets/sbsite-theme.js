/* sbsite's fixes to Material for MkDocs, loaded from a file on every page.
 *
 * 1. Material's helpers (__md_scope, __md_get, __md_set) used to be an inline <script>.
 *    The Content Security Policy (templates/overrides/main.html) allows no inline script,
 *    so they live here, loaded in <head> before Material's bundle.
 * 2. Keyboard and screen reader fixes, once the page has loaded:
 *    - the header's menu and search controls, and the navigation's show/hide controls,
 *      are <label>s Material leaves unfocusable or nameless: they become named buttons
 *      that say whether they are open (aria-expanded) and work with Enter and Space;
 *    - opening the menu moves focus into it; Escape closes it and returns focus;
 *    - the skip link moves focus to the main content, not just the scroll position;
 *    - Material's one-key shortcuts (s, f, /, p, n, comma, full stop) are switched off:
 *      WCAG 2.1.4 says single-key shortcuts must be avoidable, and speech recognition
 *      users trigger them by accident. Every action is still reachable by Tab.
 * Nothing here stores data or talks to any server.
 */
/* eslint-disable no-var */
var __md_scope = new URL("..", document.currentScript.src),
  __md_hash = (e) => [...e].reduce((h, c) => (h << 5) - h + c.charCodeAt(0), 0),
  __md_get = (e, s = localStorage, t = __md_scope) => JSON.parse(s.getItem(t.pathname + "." + e)),
  __md_set = (e, v, s = localStorage, t = __md_scope) => {
    try { s.setItem(t.pathname + "." + e, JSON.stringify(v)); } catch (err) { /* storage refused */ }
  };

(function () {
  "use strict";

  var SHORTCUTS = ["f", "s", "/", "p", ",", "n", "."];

  function editable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // Capture phase on window runs before Material's own keyboard listener.
  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (SHORTCUTS.indexOf(event.key) >= 0 && !editable(event.target)) {
      event.stopImmediatePropagation();
    }
  }, true);

  function toggleOf(label) {
    var input = document.getElementById(label.htmlFor);
    return input && input.type === "checkbox" ? input : null;
  }

  /* Replace a <label> that opens or closes something with a real <button>: it can take
   * focus, has a name, says whether it is open, and works with Enter and Space. It keeps
   * the label's class, id and 'for' so Material's styles still apply. */
  function makeButton(label, name, expands) {
    var input = toggleOf(label);
    if (!input) return null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " sb-toggle";
    if (label.id) button.id = label.id;
    button.setAttribute("for", label.htmlFor);
    if (name) button.setAttribute("aria-label", name);
    while (label.firstChild) button.appendChild(label.firstChild);
    label.parentNode.replaceChild(button, label);
    if (expands !== false) {
      var sync = function () { button.setAttribute("aria-expanded", input.checked ? "true" : "false"); };
      sync();
      input.addEventListener("change", sync);
    }
    button.addEventListener("click", function () { input.click(); });
    return button;
  }

  function sectionName(label) {
    var nav = document.querySelector('nav[aria-labelledby="' + label.id + '"]');
    var title = nav && nav.querySelector(".md-nav__title");
    var text = title ? title.textContent : label.textContent;
    return (text || "").replace(/\s+/g, " ").trim();
  }

  function shown(el) {
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility === "visible";
  }

  function focusFirstIn(container) {
    var all = container ? container.querySelectorAll("a[href], button, input") : [];
    for (var i = 0; i < all.length; i++) {
      if (shown(all[i])) { all[i].focus(); return; }
    }
  }

  function setUp() {
    var menuLabel = document.querySelector('.md-header label[for="__drawer"]');
    var menu = menuLabel && makeButton(menuLabel, "Menu");

    document.querySelectorAll("label.md-nav__link[for]").forEach(function (label) {
      if (label.htmlFor === "__toc") {
        makeButton(label, "Contents of this page");
        return;
      }
      if (label.getAttribute("tabindex") !== "0") return; // a section heading, not a control
      var name = sectionName(label);
      var nav = document.querySelector('nav[aria-labelledby="' + label.id + '"]');
      if (nav && name) { nav.removeAttribute("aria-labelledby"); nav.setAttribute("aria-label", name); }
      var button = makeButton(label, name ? "Show or hide the pages in " + name : "Show or hide pages");
      if (button) button.removeAttribute("tabindex");
    });

    // In the drawer on small screens each section opens as a panel over its parent, with
    // a back arrow at the top (a label): make it a button, and move focus with the panels.
    document.querySelectorAll(".md-nav--primary nav.md-nav > label.md-nav__title[for]").forEach(function (title) {
      var toggle = toggleOf(title);
      var opener = toggle && document.getElementById(toggle.id + "_label");
      if (!toggle) return;
      var hint = document.createElement("span");
      hint.className = "sb-visually-hidden";
      hint.textContent = "Back from ";
      var back = makeButton(title, null, false);
      if (!back) return;
      back.insertBefore(hint, back.firstChild);
      toggle.addEventListener("change", function () {
        if (!menu || !shown(menu)) return; // wide screens: sections open in place
        if (toggle.checked) {
          focusFirstIn(back.parentNode);
        } else if (opener && document.activeElement === back) {
          opener.focus();
        }
      });
    });

    var drawer = document.getElementById("__drawer");
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (drawer && sidebar) {
      drawer.addEventListener("change", function () {
        if (drawer.checked) {
          focusFirstIn(sidebar);
        } else if (sidebar.contains(document.activeElement) && menu) {
          menu.focus();
        }
      });
      // The open drawer covers the page: moving focus out of it (Tab past its last link) closes it.
      document.addEventListener("focusin", function (event) {
        if (drawer.checked && menu && shown(menu) && !sidebar.contains(event.target) && event.target !== menu) {
          drawer.checked = false;
          drawer.dispatchEvent(new Event("change"));
        }
      });
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && drawer.checked) {
          drawer.checked = false;
          drawer.dispatchEvent(new Event("change"));
          if (menu) menu.focus();
        }
      });
    }

    // The skip link: move focus, not only the scroll position.
    var skip = document.querySelector("a.md-skip");
    if (skip) {
      skip.addEventListener("click", function () {
        var target = document.getElementById(decodeURIComponent(skip.hash.slice(1)));
        if (!target) return;
        if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
        target.focus();
      });
    }

    // Material's content tabs helper (was inline): open the tab named in the address.
    var hashTarget = document.getElementById(location.hash.slice(1));
    if (hashTarget && hashTarget.name) hashTarget.checked = hashTarget.name.indexOf("__tabbed_") === 0;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
