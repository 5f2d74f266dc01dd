import { describe, expect, it } from "vitest";

import { loadNhsukCss, subsetCss, usedClasses } from "../../src/report/css.ts";

describe("subsetCss", () => {
  it("keeps rules whose classes are all used, and rules without classes", () => {
    const css = "html{a:1}.x{b:2}.y{c:3}.x .y{d:4}.x,.z{e:5}";
    expect(subsetCss(css, new Set(["x"]))).toBe("html{a:1}.x{b:2}.x{e:5}");
  });

  it("recurses into @media and @supports and drops them when empty", () => {
    const css = "@media (min-width:40em){.x{a:1}.y{b:2}}@supports (display:grid){.y{c:3}}";
    expect(subsetCss(css, new Set(["x"]))).toBe("@media (min-width:40em){.x{a:1}}");
  });

  it("splits selector lists only at top-level commas", () => {
    const css = ".x:is(.a,.b){a:1}.x:not(.q){b:2}";
    expect(subsetCss(css, new Set(["x", "a", "b"]))).toBe(".x:is(.a,.b){a:1}");
  });

  it("ignores dots inside attribute selectors and strings", () => {
    const css = '.x[href$=".pdf"]{a:1}.y:after{content:"a.b{"}';
    expect(subsetCss(css, new Set(["x", "y"]))).toBe(
      '.x[href$=".pdf"]{a:1}.y:after{content:"a.b{"}',
    );
  });

  it("drops @charset and the Frutiger @font-face, and falls back to Arial", () => {
    const css =
      '@charset "UTF-8";@font-face{font-family:Frutiger W01;src:url(x.woff2)}body{font-family:Frutiger W01,arial,sans-serif}';
    expect(subsetCss(css, new Set())).toBe("body{font-family:arial,sans-serif}");
  });

  it("keeps the table, tag and layout rules the page uses from nhsuk-frontend, in a fraction of the size", () => {
    const full = loadNhsukCss();
    const used = usedClasses(
      '<table class="nhsuk-table"><td class="nhsuk-table__cell nhsuk-table__cell--numeric"><strong class="nhsuk-tag nhsuk-tag--blue">',
    );
    expect([...used]).toEqual([
      "nhsuk-table",
      "nhsuk-table__cell",
      "nhsuk-table__cell--numeric",
      "nhsuk-tag",
      "nhsuk-tag--blue",
    ]);
    const subset = subsetCss(full, used);
    expect(full.length).toBeGreaterThan(250_000);
    expect(subset.length).toBeLessThan(full.length / 10);
    // The shipped rule is `.nhsuk-table__cell--numeric,.nhsuk-table__header--numeric{…}`: the
    // unused header selector goes, the rule stays.
    expect(subset).toContain(".nhsuk-table__cell--numeric{text-align:right}");
    expect(subset).toContain(".nhsuk-tag--blue{");
    expect(subset).not.toContain("nhsuk-header");
    expect(subset).not.toContain("Frutiger");
  });
});
