/* Live status on the quarter form: recomputes achieved / on track / behind as a person types. */
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
  }
  form.addEventListener("input", function (event) {
    var row = event.target.closest(".result-row");
    if (row) refresh(row);
  });
  form.addEventListener("change", function (event) {
    var row = event.target.closest(".result-row");
    if (row) refresh(row);
  });
})();
