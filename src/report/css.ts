/**
 * The page's stylesheet: the rules of nhsuk-frontend's compiled CSS that the page actually uses
 * (a few tens of KB instead of 280), with the Frutiger web font swapped for Arial, plus the
 * report's own rules for charts, print and the synthetic-data banner.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let nhsukCss: string | undefined;

/** nhsuk-frontend's minified stylesheet, read once from the installed package. */
export function loadNhsukCss(): string {
  if (nhsukCss === undefined) {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve("nhsuk-frontend/package.json");
    nhsukCss = readFileSync(join(dirname(pkg), "dist/nhsuk/nhsuk-frontend.min.css"), "utf8");
  }
  return nhsukCss;
}

/** Index just past the block that opens at `open` (the index of its `{`). */
function blockEnd(css: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < css.length; i++) {
    const ch = css[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i + 1;
  }
  return css.length;
}

/** Splits a selector list on top-level commas (not those inside `:is(…)` or `:not(…)`). */
function splitSelectors(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const ch = list[i];
    if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (ch === "," && depth === 0) {
      out.push(list.slice(start, i));
      start = i + 1;
    }
  }
  out.push(list.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

const CLASS_RE = /\.(-?[_a-zA-Z][\w-]*)/g;

function selectorUsed(selector: string, used: Set<string>): boolean {
  // Attribute values can contain dots; only look at the selector outside brackets.
  const bare = selector.replace(/\[[^\]]*\]/g, "");
  for (const m of bare.matchAll(CLASS_RE)) if (!used.has(m[1] ?? "")) return false;
  return true;
}

const GROUPING = /^@(media|supports|container|layer)\b/;

/**
 * Keeps the rules of `css` whose selectors only name classes in `used` (rules without classes
 * stay); drops `@font-face` and `@charset`; recurses into `@media`, `@supports` and `@container`.
 * @example subsetCss('.a{x:1}.b{x:2}', new Set(['a'])) // '.a{x:1}'
 */
export function subsetCss(css: string, used: Set<string>): string {
  let out = "";
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf("{", i);
    const semi = css.indexOf(";", i);
    if (open < 0) break;
    if (semi >= 0 && semi < open && css.slice(i, semi).trim().startsWith("@")) {
      i = semi + 1; // @charset, @import: not needed inline
      continue;
    }
    const prelude = css.slice(i, open).trim();
    const end = blockEnd(css, open);
    const body = css.slice(open + 1, end - 1);
    i = end;
    if (prelude.startsWith("@font-face")) continue;
    if (GROUPING.test(prelude)) {
      const inner = subsetCss(body, used);
      if (inner) out += `${prelude}{${inner}}`;
    } else if (prelude.startsWith("@")) {
      out += `${prelude}{${body}}`;
    } else {
      const kept = splitSelectors(prelude).filter((s) => selectorUsed(s, used));
      if (kept.length > 0) out += `${kept.join(",")}{${body}}`;
    }
  }
  return out.replace(/font-family:"?Frutiger W01"?,/g, "font-family:");
}

/** Every class named in `class="…"` attributes of an HTML string. */
export function usedClasses(html: string): Set<string> {
  const used = new Set<string>();
  for (const m of html.matchAll(/\sclass="([^"]*)"/g)) {
    for (const c of (m[1] ?? "").split(/\s+/)) if (c) used.add(c);
  }
  return used;
}

/** The report's own rules: layout of figures and key figures, tables, banner and print. */
export const REPORT_CSS = `
body{font-family:Arial,"Liberation Sans",Helvetica,sans-serif}
.rw-masthead{background:#005eb8;color:#fff;padding:16px 0 14px}
.rw-masthead__name{font-size:1.5rem;font-weight:700;margin:0;line-height:1.2}
.rw-masthead__tagline{margin:2px 0 0;color:#c7dcef;font-size:1rem}
.rw-synthetic{background:#ffeb3b;color:#212b32;padding:10px 0;border-bottom:4px solid #212b32}
.rw-synthetic p{margin:0;font-size:1rem}
.rw-meta{color:#4c6272}
.rw-section{margin-top:40px}
.rw-stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:16px;margin:0 0 24px;padding:0;list-style:none}
.rw-stat{background:#fff;border-top:4px solid #005eb8;padding:14px 16px;margin:0}
.rw-stat__value{display:block;font-size:2rem;font-weight:700;line-height:1.15;color:#212b32}
.rw-stat__label{display:block;font-size:1rem;color:#4c6272;margin-top:4px}
.rw-figure{margin:16px 0 28px;background:#fff;padding:0;break-inside:avoid;page-break-inside:avoid}
.rw-figure__scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
.rw-figure svg{display:block;width:100%;height:auto;min-width:480px}
#figure-ranked svg,#figure-ranked-2 svg{min-width:640px}
#figure-map-phone{display:none}
#figure-map-phone svg{min-width:0}
@media (max-width:600px){#figure-map{display:none}#figure-map-phone{display:block}}
.rw-figure figcaption{padding:8px 16px 12px;font-size:1rem;color:#4c6272}
.rw-figure__links{font-size:.875rem}
.rw-scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin-bottom:24px;background:#fff}
.rw-table{font-size:.875rem;margin:0;width:100%}
.rw-table .nhsuk-table__cell,.rw-table .nhsuk-table__header{padding:6px 8px 6px 0;vertical-align:top}
.rw-table .nhsuk-table__cell:first-child,.rw-table .nhsuk-table__header:first-child{padding-left:4px}
.rw-table .nhsuk-tag{font-size:.75rem;padding:1px 6px;white-space:nowrap}
.rw-table tr.rw-row--england{font-weight:700;background:#f0f4f5}
.rw-muted{color:#4c6272;font-size:.9em;display:block}
.rw-nowrap{white-space:nowrap}
.rw-code{font-family:menlo,Consolas,"Liberation Mono",monospace;font-size:.95em;white-space:nowrap}
.rw-checksums{list-style:none;margin:0 0 24px;padding:0;columns:2 300px;column-gap:24px;font-size:.75rem;line-height:1.5}
.rw-checksums li{margin:0;break-inside:avoid;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.rw-muted-inline{color:#4c6272}
.rw-footer{border-top:4px solid #005eb8;padding:24px 0;margin-top:48px;background:#fff;color:#4c6272;font-size:.875rem}
@media print{
  @page{size:A4;margin:16mm 12mm 16mm}
  html,body,.nhsuk-template,.nhsuk-template__body{background:#fff!important}
  body{font-size:10pt}
  .nhsuk-width-container{max-width:none;margin:0}
  .nhsuk-main-wrapper{padding-top:0}
  .rw-masthead,.rw-synthetic{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .rw-stat,.rw-synthetic,.rw-figure svg rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .rw-section{margin-top:18pt}
  .rw-section--page{break-before:page}
  h2,h3{break-after:avoid;page-break-after:avoid}
  .rw-figure svg{min-width:0;max-height:235mm;width:100%}
  .rw-figure__links,.nhsuk-skip-link,#figure-map-phone{display:none!important}
  #figure-map{display:block!important}
  .rw-scroll{overflow:visible}
  .rw-table{font-size:7.5pt}
  .rw-checksums{font-size:6.5pt;columns:2;line-height:1.35}
  .rw-table tr{break-inside:avoid;page-break-inside:avoid}
  .rw-stats{grid-template-columns:repeat(3,1fr)}
  a{color:#212b32;text-decoration:none}
  a[href^="#"]:after,a[href^="charts/"]:after{content:none!important}
  .rw-masthead .nhsuk-width-container,.rw-synthetic .nhsuk-width-container{padding:0 12px}
}
`;
