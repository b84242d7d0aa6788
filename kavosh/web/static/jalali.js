/* Jalali (Solar Hijri) days, and a month-grid picker beside each typed date of a form.

   The arithmetic mirrors kavosh/text/calendars.py exactly (Borkowski's algorithm over the
   same break years, as in jalaali-js; truncating division as published), so that a day
   picked here is the day the server reads: tests/test_network_view.py compares the two in
   Chromium over the official leap table (1206–1498). Days cross as "YYYY-MM-DD" strings;
   Gregorian arithmetic is done in UTC day numbers (no time zone can move a day).

   The picker: a button (تقویم شمسی) after each <input data-jalali> (any of the page's typed
   date fields); it opens a right-to-left month grid — Persian month names and digits,
   weeks from Saturday, a month and a year to choose, previous/next month — at the field's
   day (typed Jalali or Gregorian) or today. Choosing a day writes it, Jalali, into the field
   (ASCII digits, "1394-06-01") and fires "input", as typing would. Escape or a click outside
   closes it. Served from this server only (CSP script-src 'self'); no inline script or
   style, every text set with textContent. */
(function () {
  "use strict";

  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097,
    2192, 2262, 2324, 2394, 2456, 3178];
  var MIN_YEAR = BREAKS[0], MAX_YEAR = BREAKS[BREAKS.length - 1] - 1;
  var MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان",
    "آذر", "دی", "بهمن", "اسفند"];
  var WEEKDAYS = ["ش", "ی", "د", "س", "چ", "پ", "ج"];  // Saturday first
  var WEEKDAY_NAMES = ["شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه"];
  var DAY_MS = 86400000;

  function div(a, b) { return Math.trunc(a / b); }
  function mod(a, b) { return a - div(a, b) * b; }

  function cycle(year) {
    if (!(year >= MIN_YEAR && year <= MAX_YEAR)) { throw new RangeError("Jalali year " + year); }
    var leapCount = -14, start = BREAKS[0], jump = 0;
    for (var i = 1; i < BREAKS.length; i++) {
      jump = BREAKS[i] - start;
      if (year < BREAKS[i]) { break; }
      leapCount += div(jump, 33) * 8 + div(mod(jump, 33), 4);
      start = BREAKS[i];
    }
    var n = year - start;
    leapCount += div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) { leapCount += 1; }
    return { jump: jump, n: n, leapCount: leapCount };
  }

  /* UTC day number (days since 1970-01-01) of 1 Farvardin of ``year``. */
  function nowruz(year) {
    var gy = year + 621;
    var gregorianLeaps = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    var march = 20 + cycle(year).leapCount - gregorianLeaps;
    return Math.round(Date.UTC(gy, 2, march) / DAY_MS);
  }

  function isLeap(year) {
    var c = cycle(year), n = c.n;
    if (c.jump - n < 6) { n = n - c.jump + div(c.jump + 4, 33) * 33; }
    return mod(mod(n + 1, 33) - 1, 4) === 0;
  }

  function monthLength(year, month) {
    return month <= 6 ? 31 : month <= 11 ? 30 : isLeap(year) ? 30 : 29;
  }

  function dayNumber(year, month, day) {
    var before = month <= 7 ? (month - 1) * 31 : 186 + (month - 7) * 30;
    return nowruz(year) + before + day - 1;
  }

  function iso(y, m, d) {
    return String(y).padStart(4, "0") + "-" + String(m).padStart(2, "0") + "-" +
      String(d).padStart(2, "0");
  }

  function gregorianOf(number) {
    var t = new Date(number * DAY_MS);
    return iso(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
  }

  /* Jalali year, month, day → Gregorian "YYYY-MM-DD" (RangeError for no such day). */
  function toGregorian(year, month, day) {
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= monthLength(year, month))) {
      throw new RangeError("no Jalali day " + iso(year, month, day));
    }
    return gregorianOf(dayNumber(year, month, day));
  }

  function jalaliOfNumber(number) {
    var t = new Date(number * DAY_MS), year = t.getUTCFullYear() - 621;
    var start = nowruz(year);
    if (number < start) { year -= 1; start = nowruz(year); }
    var offset = number - start;
    if (offset < 186) { return [year, div(offset, 31) + 1, offset % 31 + 1]; }
    offset -= 186;
    return [year, div(offset, 30) + 7, offset % 30 + 1];
  }

  /* Gregorian "YYYY-MM-DD" → Jalali [year, month, day]. */
  function fromGregorian(text) {
    var p = text.split("-").map(Number);
    return jalaliOfNumber(Math.round(Date.UTC(p[0], p[1] - 1, p[2]) / DAY_MS));
  }

  var DIGITS = "۰۱۲۳۴۵۶۷۸۹";
  function persian(n) { return String(n).replace(/[0-9]/g, function (c) { return DIGITS[c]; }); }
  function ascii(text) {
    return text.replace(/[۰-۹]/g, function (c) { return String(c.charCodeAt(0) - 0x6F0); })
      .replace(/[٠-٩]/g, function (c) { return String(c.charCodeAt(0) - 0x660); });
  }

  /* A typed day, Jalali (year before 1700) or Gregorian, in any digits → Jalali [y, m, d]
     or null; as kavosh.entities.graph.parse_day reads it. */
  function typedJalali(text) {
    var p = ascii(String(text || "").trim()).split(/[-/.]/);
    if (p.length !== 3 || !p.every(function (x) { return /^\d+$/.test(x); })) { return null; }
    var y = Number(p[0]), m = Number(p[1]), d = Number(p[2]);
    try {
      if (y < 1700) { toGregorian(y, m, d); return [y, m, d]; }
      var g = new Date(Date.UTC(y, m - 1, d));
      if (g.getUTCMonth() !== m - 1 || g.getUTCDate() !== d) { return null; }
      return fromGregorian(iso(y, m, d));
    } catch (e) {
      return null;
    }
  }

  window.kavoshJalali = { toGregorian: toGregorian, fromGregorian: fromGregorian,
    isLeap: isLeap, monthLength: monthLength, typed: typedJalali, MONTHS: MONTHS };

  /* ---- the picker ---- */

  function make(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  var open = null;  // the panel shown, at most one, and its button

  function close() {
    if (open) {
      open.panel.remove();
      open.button.setAttribute("aria-expanded", "false");
      open = null;
    }
  }

  function today() { return jalaliOfNumber(Math.floor(Date.now() / DAY_MS)); }

  function picker(field) {
    var button = make("button", "تقویم شمسی", { type: "button", "class": "jalali-open",
      id: field.id + "-jalali", "aria-haspopup": "dialog", "aria-expanded": "false",
      title: "انتخاب روز در تقویم شمسی" });
    field.parentNode.insertBefore(button, field.nextSibling);
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      var again = open && open.button === button;
      close();
      if (!again) { show(field, button); }
    });
  }

  function show(field, button) {
    var chosen = typedJalali(field.value);
    var at = chosen || today();
    var panel = make("div", "", { "class": "jalali-picker", role: "dialog", dir: "rtl",
      lang: "fa", "data-for": field.id, "aria-label": "تقویم شمسی" });
    panel.addEventListener("click", function (event) { event.stopPropagation(); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); button.focus(); }
    });
    button.setAttribute("aria-expanded", "true");
    button.parentNode.insertBefore(panel, button.nextSibling);
    open = { panel: panel, button: button };

    var head = panel.appendChild(make("div", "", { "class": "jalali-head" }));
    var prev = head.appendChild(make("button", "›", { type: "button", "class": "jalali-prev",
      "aria-label": "ماه پیش" }));
    var month = head.appendChild(make("select", "", { "class": "jalali-month",
      "aria-label": "ماه" }));
    MONTHS.forEach(function (name, i) { month.appendChild(make("option", name, { value: String(i + 1) })); });
    var year = head.appendChild(make("select", "", { "class": "jalali-year", "aria-label": "سال" }));
    var next = head.appendChild(make("button", "‹", { type: "button", "class": "jalali-next",
      "aria-label": "ماه بعد" }));
    var grid = panel.appendChild(make("table", "", { "class": "jalali-grid" }));

    function years(around) {
      year.textContent = "";
      var first = Math.max(1206, Math.min(around, today()[0]) - 60);
      var last = Math.min(1498, Math.max(around, today()[0]) + 10);
      for (var y = last; y >= first; y--) {
        year.appendChild(make("option", persian(y), { value: String(y) }));
      }
    }

    function draw(y, m) {
      if (!year.querySelector('option[value="' + y + '"]')) { years(y); }
      year.value = String(y);
      month.value = String(m);
      panel.setAttribute("data-month", iso(y, m, 1).slice(0, 7));
      grid.textContent = "";
      var row = grid.appendChild(make("thead")).appendChild(make("tr"));
      WEEKDAYS.forEach(function (w, i) { row.appendChild(make("th", w, { abbr: WEEKDAY_NAMES[i], scope: "col" })); });
      var body = grid.appendChild(make("tbody"));
      var first = dayNumber(y, m, 1);
      var lead = (new Date(first * DAY_MS).getUTCDay() + 1) % 7;  // Saturday 0
      var length = monthLength(y, m);
      row = body.appendChild(make("tr"));
      for (var i = 0; i < lead; i++) { row.appendChild(make("td")); }
      for (var d = 1; d <= length; d++) {
        if ((lead + d - 1) % 7 === 0 && d > 1) { row = body.appendChild(make("tr")); }
        var picked = chosen && chosen[0] === y && chosen[1] === m && chosen[2] === d;
        var cell = row.appendChild(make("td"));
        var day = cell.appendChild(make("button", persian(d), { type: "button",
          "class": "jalali-day", "data-day": iso(y, m, d), "aria-pressed": picked ? "true" : "false",
          title: persian(d) + " " + MONTHS[m - 1] + " " + persian(y) + " (" + toGregorian(y, m, d) + ")" }));
        day.addEventListener("click", choose);
      }
    }

    function choose(event) {
      field.value = event.currentTarget.getAttribute("data-day");
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
      close();
      field.focus();
    }

    function step(by) {
      var y = Number(year.value), m = Number(month.value) + by;
      if (m < 1) { m = 12; y -= 1; }
      if (m > 12) { m = 1; y += 1; }
      if (y >= 1206 && y <= 1498) { draw(y, m); }
    }

    prev.addEventListener("click", function () { step(-1); });
    next.addEventListener("click", function () { step(1); });
    month.addEventListener("change", function () { draw(Number(year.value), Number(month.value)); });
    year.addEventListener("change", function () { draw(Number(year.value), Number(month.value)); });
    draw(Math.max(1206, Math.min(1498, at[0])), at[1]);
    (grid.querySelector('[aria-pressed="true"]') || month).focus();
  }

  document.addEventListener("click", close);
  Array.prototype.forEach.call(document.querySelectorAll("input[data-jalali]"), picker);
}());
