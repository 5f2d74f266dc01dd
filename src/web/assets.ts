/**
 * The site's static assets: one stylesheet (the nhsuk-frontend rules the pages use, plus the
 * site's own), one script (progressive enhancement only: table sorting and search suggestions),
 * and the NHS favicon. Same-origin files, so the Content-Security-Policy needs no 'unsafe-inline'.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { loadNhsukCss, subsetCss } from "../report/css.ts";

import { parsePostcode, practicesNear, wordMatcher } from "./postcode-search.ts";

/** Every `nhsuk-*` class named in the web page modules (source or compiled, whichever runs). */
function webClasses(): Set<string> {
  const dir = dirname(fileURLToPath(import.meta.url));
  const used = new Set<string>();
  for (const file of readdirSync(dir)) {
    if (!/\.(ts|js)$/.test(file) || file.endsWith(".d.ts")) continue;
    for (const m of readFileSync(join(dir, file), "utf8").matchAll(/nhsuk-[\w-]+/g)) used.add(m[0]);
  }
  return used;
}

const SITE_RULES = `
body{font-family:Arial,"Liberation Sans",Helvetica,sans-serif;background:#f0f4f5;color:#212b32;margin:0}
.rw-header{background:#005eb8;color:#fff;padding:12px 0}
.rw-header__container{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:8px}
.rw-brand{color:#fff;font-weight:700;font-size:1.5rem;text-decoration:none}
.rw-brand:hover{text-decoration:underline;color:#fff}
.rw-brand:focus{color:#212b32}
.rw-brand__strap{font-weight:400;font-size:1rem}
.rw-nav__list{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
.rw-nav__link{color:#fff;font-size:1rem}
.rw-nav__link:visited{color:#fff}
.rw-nav__link[aria-current]{font-weight:700}
.rw-nav__link:focus{color:#212b32}
.rw-synthetic{background:#ffeb3b;color:#212b32;padding:10px 0;border-bottom:4px solid #212b32}
.rw-keys{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:16px;margin:0 0 32px}
.rw-key{background:#fff;border-top:4px solid #005eb8;padding:12px 16px}
.rw-key__value{font-size:2rem;font-weight:700;margin:0;line-height:1.2}
.rw-key__label{margin:4px 0 0;font-weight:700}
.rw-key__context{margin:4px 0 0;color:#4c6272;font-size:.875rem}
.rw-figure{margin:0 0 32px;background:#fff;padding:16px}
.rw-figure__title{margin-bottom:8px}
.rw-chart{display:block;max-width:100%;height:auto}
.rw-figure__caption{color:#4c6272;margin:8px 0}
.rw-details{margin:8px 0}
.rw-downloads{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:8px 16px}
.rw-downloads__item::before{content:"⬇ ";color:#4c6272}
.rw-scroll{overflow-x:auto;margin-bottom:24px;background:#fff}
.rw-scroll:focus{outline:3px solid #ffeb3b;box-shadow:0 0 0 6px #212b32}
.rw-table{font-size:.875rem;margin-bottom:0}
.rw-table .nhsuk-table__cell,.rw-table .nhsuk-table__header{padding:6px 8px 6px 0;vertical-align:top}
.rw-table .nhsuk-tag{font-size:.75rem;padding:1px 6px;white-space:nowrap}
.rw-row--highlight{font-weight:700;background:#f0f4f5}
.rw-sortable th[data-sortable] button{font:inherit;font-weight:700;background:none;border:0;padding:0;color:#005eb8;text-decoration:underline;cursor:pointer}
.rw-sortable th[data-sortable] button:focus{background:#ffeb3b;color:#212b32;outline:none;box-shadow:0 -2px #ffeb3b,0 4px #212b32}
.rw-switches{display:grid;gap:8px;margin-bottom:24px}
.rw-switch{background:#fff;padding:8px 12px}
.rw-switch__label{font-size:1rem;margin:0 0 4px}
.rw-switch__list{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}
.rw-switch__link--current{font-weight:700;color:#212b32}
.rw-search{background:#fff;padding:16px;margin-bottom:32px}
.rw-search__input{max-width:32em}
.rw-inline{display:inline-block;margin-right:16px}
.rw-answer{margin-top:16px}
.rw-az{display:flex;flex-wrap:wrap;gap:4px 20px}
.rw-footer{border-top:4px solid #005eb8;padding:24px 0;margin-top:48px;background:#fff;color:#4c6272;font-size:.875rem}
.rw-footer__text{margin:0 0 8px}
.rw-mono{font-family:menlo,Consolas,"Liberation Mono",monospace}
@media (max-width:40em){.rw-key__value{font-size:1.5rem}.rw-brand__strap{display:none}}
`;

let css: string | undefined;

/** The stylesheet, built once. */
export function siteCss(): string {
  css ??= `${subsetCss(loadNhsukCss(), webClasses())}\n${SITE_RULES}`;
  return css;
}

/** The NHS favicon from nhsuk-frontend. */
export function faviconSvg(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve("nhsuk-frontend/package.json");
  return readFileSync(join(dirname(pkg), "dist/nhsuk/assets/images/favicon.svg"), "utf8");
}

/**
 * Progressive enhancement. Sorting: each `th[data-sortable]` becomes a button; cells sort by
 * `data-sort`. Suggestions: the search box fills its datalist from `data-suggest` (places.json).
 */
export const SITE_JS = String.raw`"use strict";
(function () {
  function sortTable(table, index, th) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-sort") || a.cells[index].textContent;
      var y = b.cells[index].getAttribute("data-sort") || b.cells[index].textContent;
      var nx = Number(x), ny = Number(y);
      if (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) return (nx - ny) * dir;
      return String(x).localeCompare(String(y)) * dir;
    });
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    rows.forEach(function (r) { body.appendChild(r); });
  }
  document.querySelectorAll("table.rw-sortable").forEach(function (table) {
    table.querySelectorAll("th[data-sortable]").forEach(function (th) {
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, index, th); });
    });
  });
  var input = document.querySelector("input[data-suggest]");
  if (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var places = null;
    input.addEventListener("input", function () {
      var q = input.value.trim().toUpperCase();
      if (q.length < 2 || !list) return;
      var fill = function () {
        list.textContent = "";
        places.filter(function (p) { return p.label.toUpperCase().indexOf(q) >= 0; }).slice(0, 12).forEach(function (p) {
          var o = document.createElement("option");
          o.value = p.value;
          o.label = p.label;
          list.appendChild(o);
        });
      };
      if (places) return fill();
      fetch(input.getAttribute("data-suggest")).then(function (r) { return r.json(); }).then(function (data) {
        places = data.places;
        fill();
      }).catch(function () {});
    });
  }

  // A search on a copy of the site saved as files: the address holds ?q= but the page has no
  // answer (no server made one). Answer it here from practices.json, as the server would.
  var form = document.querySelector("form[data-practices]");
  var asked = new URLSearchParams(location.search).get("q");
  if (form && asked !== null && asked.trim() !== "" && !document.querySelector(".rw-answer")) {
    var source = form.getAttribute("data-practices");
    var root = source.replace(/api\/v1\/practices\.json$/, "");
    fetch(source).then(function (r) { return r.json(); }).then(function (data) {
      var answer = answerSearch(asked, data, root);
      form.parentNode.insertBefore(answer, form.nextSibling);
      var box = document.getElementById("q");
      if (box) box.value = asked.trim().slice(0, 100);
      var heading = answer.querySelector("h2");
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }).catch(function () {});
  }
  // A comparison on a copy of the site saved as files: the address holds ?a= but no server made
  // the table. Go to the comparison's own page when the copy holds it, else build the rates table
  // from the open value file (rates only: ranks and waits are on the server's pages).
  var compare = document.querySelector("form[data-values]");
  var codes = new URLSearchParams(location.search).getAll("a").map(function (a) {
    return a.trim().toUpperCase();
  }).filter(function (a) { return a !== ""; });
  if (compare && codes.length > 0 && !document.querySelector(".rw-compare-result")) {
    var values = compare.getAttribute("data-values");
    var home = values.replace(/api\/v1\/values\/admitted\/all\.json$/, "");
    var show = function (section) {
      compare.parentNode.insertBefore(section, compare.previousElementSibling);
      codes.forEach(function (c, i) {
        var box = document.getElementById("a" + (i + 1));
        if (box) box.value = c;
      });
      var h = section.querySelector("h2");
      h.setAttribute("tabindex", "-1");
      h.focus();
    };
    var problem = codes.length < 2 || codes.length > 6 ? "Compare takes 2 to 6 areas; " + codes.length + " given." :
      codes.some(function (c, i) { return codes.indexOf(c) !== i; }) ? "An area is given twice." : null;
    if (problem) {
      show(el("section", "rw-compare-result", [el("h2", "nhsuk-heading-l", ["There is a problem"]), el("p", "nhsuk-body", [problem])]));
    } else {
      var own = home + "compare/" + codes.join("+") + "/";
      fetch(own, { method: "HEAD" }).then(function (r) {
        if (r.ok) { location.replace(own); return null; }
        return fetch(values).then(function (r) { return r.json(); });
      }).then(function (data) {
        if (data) show(compareTable(data, codes, compare, home));
      }).catch(function () {});
    }
  }
  var WORDS = { higher: "Above expected range", similar: "Within expected range", lower: "Below expected range" };
  function compareTable(data, codes, form, home) {
    var period = form.getAttribute("data-period");
    var rows = data.rows.filter(function (r) { return r.period === period; });
    var england = rows.filter(function (r) { return r.areaType === "england"; })[0];
    var digits = england && Math.abs(england.value) < 0.1 ? 3 : 2;
    var fmt = function (x) { return x === null || x === undefined ? "no data" : x.toFixed(digits); };
    var section = el("section", "rw-compare-result");
    section.appendChild(el("h2", "nhsuk-heading-l", ["Side by side"]));
    var table = el("table", "nhsuk-table rw-table");
    table.appendChild(el("caption", "nhsuk-table__caption", [form.getAttribute("data-caption") + ", " + period.replace("/", " to ")]));
    var head = el("tr", "nhsuk-table__row", ["Area", "Rate", "95% interval", "Compared with England"].map(function (t) {
      var th = el("th", "nhsuk-table__header", [t]);
      th.setAttribute("scope", "col");
      return th;
    }));
    table.appendChild(el("thead", "nhsuk-table__head", [head]));
    var body = el("tbody", "nhsuk-table__body");
    codes.forEach(function (code) {
      var r = rows.filter(function (x) { return x.areaCode === code; })[0];
      var name = r ? el("a", null, [r.areaName + " (" + code + ")"]) : document.createTextNode(code + ": no area with this code in the figures");
      if (r) name.href = home + "area/" + code + "/";
      body.appendChild(el("tr", "nhsuk-table__row", [
        el("td", "nhsuk-table__cell", [name]),
        el("td", "nhsuk-table__cell", [r ? fmt(r.value) : "–"]),
        el("td", "nhsuk-table__cell", [r && r.lower95 !== null ? fmt(r.lower95) + " to " + fmt(r.upper95) : "–"]),
        el("td", "nhsuk-table__cell", [r && r.comparedToEngland ? WORDS[r.comparedToEngland] : r && r.incompleteReason ? "not compared: " + r.incompleteReason : "–"]),
      ]));
    });
    table.appendChild(body);
    var scroll = el("div", "rw-scroll", [table]);
    section.appendChild(scroll);
    if (england) section.appendChild(el("p", "nhsuk-body-s", ["England: " + fmt(england.value) + "."]));
    section.appendChild(el("p", "nhsuk-body-s", [
      "Built in your browser from the open data file api/v1/values/admitted/all.json, as this copy of the site has no server: rates, intervals and the comparison with England only. Ranks, waiting times and downloads are on each area's page. Areas of different kinds are compared with England, each among its own kind.",
    ]));
    return section;
  }
  // The search rules the server uses (src/web/postcode-search.ts), embedded from their source.
  ${parsePostcode}
  ${practicesNear}
  ${wordMatcher}
  function el(tag, className, children) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }
  function answerSearch(query, data, root) {
    var q = query.trim().slice(0, 100);
    var areas = {};
    data.areas.forEach(function (a) { areas[a.code] = a; });
    var practices = data.practices.map(function (r) {
      return { code: r[0], name: r[1], postcode: r[2], subIcbCode: r[3], areaCode: r[4] };
    });
    function link(code) {
      var a = code ? areas[code] : null;
      if (!a && code && (data.formerCodes || []).indexOf(code) >= 0) {
        var f = el("a", null, [code]);
        f.href = root + "area/" + code + "/";
        return el("span", null, [f, " (a former area with no single successor: its page lists the areas it went to)"]);
      }
      if (!a) return document.createTextNode(code || "");
      var e = el("a", null, [a.label]);
      e.href = root + "area/" + a.code + "/";
      return e;
    }
    var section = el("section", "rw-answer");
    section.setAttribute("aria-labelledby", "answer-heading");
    var h = el("h2", "nhsuk-heading-l", ["Results for \u201c" + q + "\u201d"]);
    h.id = "answer-heading";
    section.appendChild(h);
    var Q = q.toUpperCase();
    var pc = parsePostcode(q);
    var found = false;
    if (pc) {
      var hit = practicesNear(pc, practices);
      var scope = hit.scope, key = hit.key, near = hit.near;
      if (near.length > 0) {
        found = true;
        var counts = {};
        near.forEach(function (p) {
          var c = p.areaCode || p.subIcbCode;
          counts[c] = (counts[c] || 0) + 1;
        });
        var list = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || (a < b ? -1 : 1); });
        section.appendChild(el("h2", "nhsuk-heading-m", ["Postcode " + pc.full]));
        var s = near.length === 1 ? "" : "s";
        section.appendChild(el("p", "nhsuk-body", [
          "We do not hold home addresses. The " + near.length + " GP practice" + s + " in postcode " + scope + " ",
          el("strong", null, [key]),
          " " + (near.length === 1 ? "belongs" : list.length === 1 ? "all belong" : "belong") + " to " + (list.length === 1 ? "one area:" : list.length + " areas:"),
        ]));
        section.appendChild(el("ul", "nhsuk-list nhsuk-list--bullet", list.map(function (c) {
          return el("li", null, [link(c), ": " + counts[c] + " practice" + (counts[c] === 1 ? "" : "s")]);
        })));
        section.appendChild(el("p", "nhsuk-body", [
          "Most likely your area: ", link(list[0]), ". If your GP practice is elsewhere, search for the practice instead.",
        ]));
      } else {
        found = true;
        section.appendChild(el("p", "nhsuk-body", [
          "No GP practice in England is registered in the sector or district of ", el("strong", null, [q]),
          ". Check the postcode, or search for your GP practice.",
        ]));
      }
    }
    var matches = wordMatcher(q);
    var ps = practices.filter(function (p) { return p.code === Q || (!pc && matches(p.name)); }).slice(0, 20);
    if (ps.length > 0) {
      found = true;
      section.appendChild(el("h2", "nhsuk-heading-m", ["GP practices"]));
      section.appendChild(el("ul", "nhsuk-list", ps.map(function (p) {
        return el("li", null, [p.name + " (" + p.code + "), " + p.postcode + ": ", link(p.areaCode || p.subIcbCode)]);
      })));
    }
    var as = data.areas.filter(function (a) { return a.code.toUpperCase() === Q || (!pc && matches(a.name)); }).slice(0, 20);
    if (as.length > 0) {
      found = true;
      section.appendChild(el("h2", "nhsuk-heading-m", ["Areas"]));
      section.appendChild(el("ul", "nhsuk-list", as.map(function (a) {
        return el("li", null, [link(a.code), " (" + a.levelLabel + ")"]);
      })));
    }
    if (!found) {
      section.appendChild(el("p", "nhsuk-body", [
        "Nothing matches ", el("strong", null, [q]),
        ". Try a full postcode, a town or area name, or your GP practice's name or code (for example B82005).",
      ]));
    }
    section.appendChild(el("p", "nhsuk-body-s", [
      "Answered in your browser from the site's list of GP practices (" + data.practiceSource + "), as this copy of the site has no server.",
    ]));
    return section;
  }
})();
`;
