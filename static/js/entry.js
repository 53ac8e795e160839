/* The quarter form: live status (achieved / on track / behind) as a person types, the sections' fill state,
   and the offline draft kept in this browser until the form is saved. */
(function () {
  "use strict";
  var form = document.getElementById("entry-form");
  if (!form) return;
  var compare = {
    ge: function (a, b) { return a >= b; }, gt: function (a, b) { return a > b; },
    eq: function (a, b) { return a === b; }, le: function (a, b) { return a <= b; }, lt: function (a, b) { return a < b; }
  };
  // The server's reading (kpiplan/lib/thainumbers.py), for the live status only: Thai digits, a comma that
  // groups thousands (3,000) or else a decimal comma (4,5).
  function num(input) {
    if (!input) return null;
    var text = input.value.trim().replace(/[\u0E50-\u0E59]/g, function (d) {
      return String(d.charCodeAt(0) - 0x0E50);
    });
    if (text === "") return null;
    if (/^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, "");
    else if (/^[+-]?\d+,\d+$/.test(text)) text = text.replace(",", ".");
    var n = Number(text);
    return isNaN(n) ? null : n;
  }
  function status(row) {
    var kind = row.dataset.kind, cmp = compare[row.dataset.comparator] || compare.ge;
    var goal = row.dataset.goal === "" ? null : Number(row.dataset.goal);
    var expected = row.dataset.expected === "" ? null : Number(row.dataset.expected);
    if (kind === "milestone") {
      var done = row.querySelector("select[name$='-done']");
      if (!done || done.value === "") return "not_reported";
      return done.value === "1" ? "achieved" : (row.dataset.last ? "behind" : "on_track");
    }
    if (kind === "text") {
      var text = row.querySelector("textarea[name$='-narrative']");
      return text && text.value.trim() ? "achieved" : "not_reported";
    }
    var value;
    if (kind === "percentage") {
      var n = num(row.querySelector("input[name$='-numerator']")), d = num(row.querySelector("input[name$='-denominator']"));
      value = (n === null || !d) ? null : 100 * n / d;
    } else {
      value = num(row.querySelector("input[name$='-value']"));
    }
    if (value === null) return "not_reported";
    if (goal === null) return "achieved";
    if (cmp(value, goal)) return "achieved";
    if (expected !== null && expected !== goal && cmp(value, expected)) return "on_track";
    return "behind";
  }
  function refresh(row) {
    var badge = row.querySelector("[data-status]");
    var s = status(row);
    badge.className = "status status-" + s;
    badge.textContent = form.dataset[s] || s;
    fill(row.closest("[data-section]"));
  }
  // The section list's fill state ("3/5"): the rows of the section that have a figure.
  function fill(section) {
    if (!section) return;
    var rows = section.querySelectorAll(".result-row"), done = 0;
    Array.prototype.forEach.call(rows, function (row) {
      if (!row.querySelector("[data-status].status-not_reported")) done += 1;
    });
    var badge = document.querySelector("[data-fill='" + section.dataset.section + "']");
    if (badge) {
      badge.textContent = done + "/" + rows.length;
      badge.classList.toggle("complete", done === rows.length);
    }
  }
  function onEdit(event) {
    var row = event.target.closest(".result-row");
    if (row) refresh(row);
    keep();
  }
  form.addEventListener("input", onEdit);
  form.addEventListener("change", onEdit);
  // After a refused save the page shows what was typed: the badges say where that input stands.
  if (form.dataset.posted) Array.prototype.forEach.call(form.querySelectorAll(".result-row"), refresh);

  // Offline draft: what is typed is kept in this browser (localStorage) until the form is saved, so a dropped
  // connection or a closed tab loses nothing; the next visit offers it back.
  var key = form.dataset.draftKey, store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !el.disabled && el.type !== "file" && el.type !== "hidden" && el.type !== "submit" &&
        el.type !== "checkbox" && el.type !== "button";
    });
  }
  function current() {
    var values = {};
    fields().forEach(function (el) { values[el.name] = el.value; });
    return values;
  }
  var loaded = current();
  function keep() {
    if (!store || !key) return;
    var now = current(), changed = {}, any = false;
    Object.keys(now).forEach(function (name) {
      if (now[name] !== loaded[name]) { changed[name] = now[name]; any = true; }
    });
    try {
      if (any) store.setItem(key, JSON.stringify({ at: Date.now(), fields: changed }));
      else store.removeItem(key);
    } catch (e) { /* storage full or refused: the form still works */ }
  }
  function readDraft() {
    if (!store || !key) return null;
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }
  function notice(text, buttons) {
    var box = document.createElement("div");
    box.className = "notice warn draft-offer";
    box.setAttribute("role", "status");
    var p = document.createElement("p");
    p.textContent = text;
    box.appendChild(p);
    (buttons || []).forEach(function (b) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = b.label;
      button.className = b.primary ? "primary" : "";
      button.addEventListener("click", function () { b.action(); box.remove(); });
      box.appendChild(button);
    });
    form.parentNode.insertBefore(box, form.parentNode.firstChild);
    return box;
  }
  var saved = document.querySelector(".messages .msg-success");
  var draft = readDraft();
  if (saved && draft && draft.sent) {
    store.removeItem(key);  // the save that was sent went through
    draft = null;
  }
  if (draft && !form.dataset.posted) {
    var differs = Object.keys(draft.fields || {}).some(function (name) {
      return form.elements[name] && form.elements[name].value !== draft.fields[name];
    });
    if (differs) {
      notice(form.dataset.draftOffer, [
        { label: form.dataset.draftRestore, primary: true, action: function () {
          Object.keys(draft.fields).forEach(function (name) {
            var el = form.elements[name];
            if (!el || el.disabled) return;
            el.value = draft.fields[name];
            el.dispatchEvent(new Event("input", { bubbles: true }));
          });
        } },
        { label: form.dataset.draftDiscard, action: function () { store.removeItem(key); } }
      ]);
    }
  }
  form.addEventListener("submit", function () {
    var kept = readDraft();
    if (kept && store) {
      kept.sent = true;
      try { store.setItem(key, JSON.stringify(kept)); } catch (e) { /* nothing to keep */ }
    }
  });
  window.addEventListener("offline", function () {
    if (!document.querySelector(".draft-offline")) notice(form.dataset.draftOffline).classList.add("draft-offline");
  });
  window.addEventListener("online", function () {
    var box = document.querySelector(".draft-offline");
    if (box) box.remove();
  });
})();
