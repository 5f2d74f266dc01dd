import { describe, expect, it } from "vitest";

import { renderCharts } from "../../src/report/charts/index.ts";
import { escapeXml } from "../../src/report/format.ts";
import { renderHtml } from "../../src/report/html.ts";
import { defaultTitle, keyFigures } from "../../src/report/text.ts";
import type { ReportInput } from "../../src/report/types.ts";

import { asReal, loadFixture, normalize } from "./helpers.ts";

const NOW = new Date("2025-05-01T09:00:00Z");
const TITLE = "Ration Watch test report";

function page(input: ReportInput, synthetic = true): string {
  return renderHtml(input, {
    title: TITLE,
    now: NOW,
    synthetic,
    charts: renderCharts(input).charts,
  });
}

const input = loadFixture({ boundaries: true });
const html = page(input);

/** The page with each inline chart and the stylesheet replaced by a placeholder (they have their own tests). */
function skeleton(markup: string): string {
  return markup
    .replace(
      /<svg xmlns[^>]*aria-label="([^"]*)"[\s\S]*?<\/svg><\/div>/g,
      (_, alt: string) => `<svg>${alt.slice(0, 40)}…</svg></div>`,
    )
    .replace(/<style>[\s\S]*<\/style>/, "<style>…</style>");
}

describe("report.html", () => {
  it("matches the golden page (charts and CSS elided)", async () => {
    await expect(normalize(skeleton(html))).toMatchFileSnapshot("../golden/report/report.html");
  });

  it("is self-contained: inline CSS and SVG, no scripts, no external stylesheets or images", () => {
    expect(html).not.toMatch(/<script|<link |<img |@import|url\(http/);
    expect(html.match(/<svg xmlns=/g)).toHaveLength(9); // eight charts and the phone map
    expect(html).toContain(".nhsuk-table{");
    expect(html).toContain("break-inside:avoid");
    expect(html.length).toBeLessThan(400_000);
  });

  it("has every section, in order, in the contents and as headings", () => {
    const headings = [
      ...html.matchAll(/<h2 class="nhsuk-heading-l" id="[^"]*">([^<]*)<\/h2>/g),
    ].map((m) => m[1]);
    expect(headings).toEqual([
      "1. Headline findings",
      "2. Map",
      "3. League table of all areas",
      "4. Funnel plot",
      "5. Regions",
      "6. Variation inside each integrated care system",
      "7. Specialties",
      "8. Waiting times",
      "9. Trend over time",
      "10. Methodology",
      "11. Data sources and licences",
    ]);
    expect(html.match(/class="nhsuk-contents-list__item"/g)).toHaveLength(11);
  });

  it("lists every area in the league table with its tag", () => {
    const table = html.slice(
      html.indexOf('id="league-table-data"><table'),
      html.indexOf("</table>", html.indexOf('id="league-table-data"><table')),
    );
    const rows = table.match(/<tr class="nhsuk-table__row">/g) ?? [];
    expect(rows).toHaveLength(input.variation.areas.length + 1);
    const lower = input.variation.areas.filter((a) => a.comparedToEngland === "lower").length;
    expect(table.match(/nhsuk-tag--orange">Below range</g)).toHaveLength(lower);
    const top = [...input.variation.areas].sort((a, b) => a.rank - b.rank)[0];
    expect(table).toContain(
      `<td class="nhsuk-table__cell nhsuk-table__cell--numeric"><strong>${top?.rate.toFixed(2)}</strong></td>`,
    );
  });

  it("shows the analysis's headline sentences unchanged", () => {
    for (const h of input.variation.headlines) expect(html).toContain(`<li>${escapeXml(h)}</li>`);
  });

  it("explains the over-dispersion adjustment used and why", () => {
    expect(input.variation.funnel.adjustment).toBe("additive");
    expect(html).toContain("<strong>additive</strong> (random-effects) adjustment");
    // The analysis's reason is quoted as its record, never spliced into a sentence of the report.
    expect(html).toContain(
      `The analysis's own record of this choice: ${escapeXml(input.variation.funnel.adjustmentReason)}.`,
    );
    expect(html).not.toMatch(/chosen because (additive|multiplicative|none|φ)/);
    expect(html).toContain(
      "The areas differ from one another by more than chance alone would explain, so the limits drawn as solid lines use the <strong>additive</strong>",
    );
    expect(html).toContain("Within the expected range does not mean the rate equals England's.");
    expect(html).toContain("How to read these findings");
  });

  it("agrees between the key-figure tile and the headline: both count the over-dispersed funnel", () => {
    const v = input.variation;
    const higher = v.areas.filter((a) => a.comparedToEngland === "higher").length;
    const lower = v.areas.filter((a) => a.comparedToEngland === "lower").length;
    const poissonHigher = v.areas.filter((a) => a.poissonComparedToEngland === "higher").length;
    expect(poissonHigher).toBeGreaterThan(higher); // the fixture is over-dispersed (φ ≈ 141)
    expect(html).toContain(
      `<span class="rw-stat__value">${higher} / ${lower}</span><span class="rw-stat__label">of ${v.areas.length} areas above / below the expected range around England's rate (95% funnel limits allowing for the extra variation between areas)</span>`,
    );
    expect(html).toContain(
      `<li>${higher} of ${v.areas.length} areas were above the expected range around the England rate and ${lower} below it (95% funnel limits allowing for the extra variation between areas)`,
    );
    expect(html).not.toMatch(/significantly (above|below|higher|lower)/);
  });

  it("carries the OGL and OS attributions and names the sources", () => {
    expect(html).toContain(
      "Contains public sector information licensed under the Open Government Licence v3.0.",
    );
    expect(html).toContain("Contains OS data © Crown copyright and database right 2022.");
    expect(html).toContain("NHS England, Referral to Treatment (RTT) waiting times");
    expect(html).toContain("Office for National Statistics, mid-year population estimates");
    // Input files compactly: the first 16 hex digits of each checksum, never a broken full hash.
    const files = input.trend.source.files;
    const list = /<ul class="rw-checksums">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
    expect(list.split("<li>").length - 1).toBe(files.length);
    for (const f of files) {
      expect(list).toContain(`<span class="rw-code">${f.checksum.slice(0, 16)}</span>`);
      expect(list).toContain(f.file);
      expect(html).not.toContain(f.checksum);
    }
    expect(html).toContain(
      "the full checksums are in tables.xlsx, sheet Notes, and in figures.json",
    );
  });

  it("labels synthetic data in a banner, the title and the footer", () => {
    expect(html).toContain('<div class="rw-synthetic" role="note">');
    expect(html).toContain(`<title>${TITLE} (synthetic demonstration data)</title>`);
    expect(html).toContain("Synthetic demonstration data: not real NHS figures.");
  });

  it("says nothing about synthetic data when the data are real", () => {
    const real = page(asReal(input), false).replace(/<style>[\s\S]*<\/style>/, "");
    expect(real).not.toMatch(/synthetic demonstration|not real NHS|rw-synthetic/i);
  });

  it("shows the phone map instead of the wide one on narrow screens, and prints the wide one", () => {
    expect(html).toContain('<figure class="rw-figure" id="figure-map">');
    expect(html).toContain('<figure class="rw-figure" id="figure-map-phone">');
    expect(html).toContain(
      "@media (max-width:600px){#figure-map{display:none}#figure-map-phone{display:block}}",
    );
  });

  it("labels areas in tables as in the charts: place and code", () => {
    const league = /<div class="rw-scroll" id="league-table-data">[\s\S]*?<\/table>/.exec(
      html,
    )?.[0];
    expect(league).toContain('Wakefield (03R)<span class="rw-muted">');
  });

  it("leaves the map section out without boundaries", () => {
    const rest = { ...input, boundaries: undefined };
    const noMap = page(rest);
    expect(noMap).not.toContain('id="map"');
    expect(noMap).toContain(
      '<h2 class="nhsuk-heading-l" id="league-table-title">2. League table of all areas</h2>',
    );
  });
});

describe("a one-specialty report", () => {
  const cardiology = input.specialties.find((s) => s.specialty === "C_320");
  if (!cardiology) throw new Error("fixture has no cardiology result");
  const spec: ReportInput = {
    ...input,
    variation: cardiology,
    specialties: [],
    trend: { ...input.trend, specialty: "C_320", specialtyName: "Cardiology" },
    waits: { ...input.waits, specialty: "C_320", specialtyName: "Cardiology" },
  };

  it("names its specialty in the title, every headline, every key figure and every chart", () => {
    expect(defaultTitle(cardiology)).toBe(
      "Ration Watch: patients treated in Cardiology by area, April 2022 to March 2023",
    );
    expect(cardiology.headlines.length).toBeGreaterThan(3);
    for (const h of cardiology.headlines) expect(h.startsWith("Cardiology: ")).toBe(true);
    const tiles = keyFigures(spec);
    for (const k of tiles) expect(k.label).toContain("(Cardiology)");
    // The waiting-list tile says whose list it is.
    expect(
      tiles.some((k) =>
        /on the waiting list \(Cardiology\) had waited under 18 weeks/.test(k.label),
      ),
    ).toBe(true);
    for (const [name, chart] of renderCharts(spec).charts) {
      expect(`${name}: ${chart.title} ${chart.subtitle}`).toContain("(Cardiology)");
    }
  });

  it("keeps small specialty intervals apart: no 'x to x' in the league table", () => {
    const html = page(spec);
    const same = [...html.matchAll(/(\d+\.\d+) to (\d+\.\d+)/g)].filter((m) => m[1] === m[2]);
    expect(same).toEqual([]);
  });
});
