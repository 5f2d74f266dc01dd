import { describe, expect, it } from "vitest";

import { renderCharts, type ChartName } from "../../src/report/charts/index.ts";
import { compactPath, divergingColour, mapExtent } from "../../src/report/charts/map.ts";
import { rankedRows } from "../../src/report/charts/ranked.ts";
import { specialtyPoints } from "../../src/report/charts/specialties.ts";
import { shortName } from "../../src/report/format.ts";

import { asReal, loadFixture, normalize } from "./helpers.ts";

const input = loadFixture({ boundaries: true });
const { charts, warnings } = renderCharts(input);
const NAMES: ChartName[] = [
  "map",
  "ranked",
  "funnel",
  "regions",
  "within-ics",
  "specialties",
  "waits",
  "spc",
];
const svg = (name: ChartName) => charts.get(name)?.svg ?? "";

/** Every `<title>` text inside elements of the given tag, in document order. */
function titles(markup: string, tag: string): string[] {
  return [...markup.matchAll(new RegExp(`<${tag}[^>]*><title>([^<]*)</title>`, "g"))].map(
    (m) => m[1] ?? "",
  );
}

describe("charts: golden files (21-area fixture)", () => {
  it.each(NAMES)("%s", async (name) => {
    await expect(normalize(svg(name))).toMatchFileSnapshot(`../golden/report/${name}.svg`);
  });
});

describe("charts: accessibility and labelling", () => {
  it.each(NAMES)(
    "%s is a standalone, labelled image with the synthetic label in its source line",
    (name) => {
      const chart = charts.get(name);
      expect(chart).toBeDefined();
      const s = chart?.svg ?? "";
      expect(s.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
      expect(s).toContain('role="img"');
      expect(s).toContain(`aria-label="${chart?.alt.replace(/'/g, "'")}"`.replace(/&/g, "&amp;"));
      expect(s).toContain(`<title>${chart?.title}</title>`);
      expect(s).toContain("<desc>");
      expect(s).toContain(">Synthetic demonstration data, not real NHS figures.</text>");
      expect(
        chart?.source.startsWith("Synthetic demonstration data, not real NHS figures. Source: "),
      ).toBe(true);
    },
  );

  it("leaves the synthetic label out for real data", () => {
    const real = renderCharts(asReal(input)).charts;
    for (const name of NAMES) expect(real.get(name)?.svg).not.toContain("Synthetic");
  });

  it("carries the OGL attribution on every chart and the OS attribution on the map", () => {
    for (const name of NAMES) {
      expect(charts.get(name)?.source).toContain("Open Government Licence v3.0");
    }
    expect(charts.get("map")?.source).toContain(
      "Contains OS data © Crown copyright and database right 2022",
    );
  });
});

const PHRASE = {
  higher: "above the expected range",
  similar: "within the expected range",
  lower: "below the expected range",
};

describe("ranked dot chart", () => {
  it("plots every area once, by rank, with its rate and interval in the tooltip", () => {
    const dots = titles(svg("ranked"), "circle");
    const areas = [...input.variation.areas].sort((a, b) => a.rank - b.rank);
    expect(dots).toHaveLength(areas.length);
    const top = areas[0];
    expect(dots[0]).toBe(
      `${shortName(top?.name ?? "")}: ${top?.rate.toFixed(2)} (95% CI ${top?.lower95.toFixed(2)} to ${top?.upper95.toFixed(2)}), ${PHRASE[top?.comparedToEngland ?? "similar"]}`,
    );
  });

  it("draws 99.8% whiskers thinner than 95% whiskers, coloured by comparison", () => {
    const s = svg("ranked");
    // Plot leaves out the default stroke-width of 1 on the thin 99.8% whiskers.
    expect(s).toContain('<g stroke="#768692" aria-label="rule">');
    expect(s).toContain('<g stroke-opacity="0.45" stroke-width="5" aria-label="rule">');
    const higher = input.variation.areas.filter((a) => a.comparedToEngland === "higher").length;
    expect((s.match(/<circle fill="#005eb8"/g) ?? []).length).toBe(higher);
  });

  it("labels areas by short name, with the code when two share one", () => {
    const rows = rankedRows({
      ...input.variation,
      areas: input.variation.areas.slice(0, 2).map((a) => ({ ...a, name: "NHS Same CCG" })),
    });
    expect(rows.map((r) => r.label).sort()).toEqual(
      input.variation.areas
        .slice(0, 2)
        .map((a) => `Same (${a.code})`)
        .sort(),
    );
  });
});

describe("map", () => {
  it("fills each area from the diverging scale and names it in a tooltip", () => {
    const s = svg("map");
    const paths = [...s.matchAll(/<path fill="(#[0-9a-f]{6})" d="[^"]*"><title>([^<]*)<\/title>/g)];
    expect(paths).toHaveLength(21);
    const extent = mapExtent(input.variation);
    for (const a of input.variation.areas) {
      const hit = paths.find((p) => p[2]?.startsWith(`${shortName(a.name)}:`));
      const t = (a.rate - input.variation.england.rate) / extent;
      expect(hit?.[1]).toBe(divergingColour(t));
    }
  });

  it("uses orange below England, near-white at England and blue above (hand-computed stops)", () => {
    expect(divergingColour(0)).toBe("#f7f7f7");
    expect(divergingColour(1)).toBe("#00407d");
    expect(divergingColour(5)).toBe("#00407d");
    expect(divergingColour(-1)).toBe("#a64b00");
    // Halfway between #f7f7f7 and #8fb8de: (247+143)/2, (247+184)/2, (247+222)/2 rounded.
    expect(divergingColour(0.25)).toBe("#c3d8eb");
  });

  it("draws ICS and region outlines, clipped to the frame", () => {
    const s = svg("map");
    expect((s.match(/<path d=/g) ?? []).length).toBe(7); // 4 ICS + 3 region outlines, unfilled
    expect(s).toContain('clip-path="url(#plot-clip-');
  });

  it("compacts paths onto a half-pixel grid with relative moves", () => {
    expect(compactPath("M10.26,20.74L10.5,20.5L10.6,20.6L13,21Z")).toBe("M10.5,20.5l2.5,0.5z");
  });

  it("warns, and draws no map, without boundaries", () => {
    const rest = { ...input, boundaries: undefined };
    const result = renderCharts(rest);
    expect(result.charts.has("map")).toBe(false);
    expect(result.warnings).toEqual(["map: no boundaries were given, so the report has no map"]);
  });

  it("warns about areas missing from the boundaries", () => {
    const b = input.boundaries;
    if (!b) throw new Error("fixture has boundaries");
    const areas = {
      ...b.areas,
      features: b.areas.features.filter((f) => f.properties?.code !== "03R"),
    };
    expect(renderCharts({ ...input, boundaries: { ...b, areas } }).warnings).toEqual([
      "map: 1 area(s) have no boundary and are not shown: 03R",
    ]);
    expect(warnings).toEqual([]);
  });
});

describe("funnel plot", () => {
  it("plots every funnel point coloured by its adjusted position", () => {
    const s = svg("funnel");
    const f = input.variation.funnel;
    expect(f.adjustment).toBe("additive");
    expect(titles(s, "circle")).toHaveLength(f.points.length);
    const within = f.points.filter((p) => p.positionAdjusted === "within").length;
    expect((s.match(/<circle fill="#aeb7bd"/g) ?? []).length).toBe(within);
  });

  it("draws both sides of the 95% and 99.8% limits, unadjusted (dashed) and adjusted", () => {
    const s = svg("funnel");
    expect((s.match(/aria-label="line"/g) ?? []).length).toBe(8);
    expect(s).toContain("φ = ");
  });
});

describe("SPC chart", () => {
  it("marks each special-cause month and draws mean and limits", () => {
    const s = svg("spc");
    const special = input.trend.series.filter((p) => p.spc !== "common-cause").length;
    const dots = titles(s, "circle");
    expect(dots).toHaveLength(input.trend.series.length);
    expect(dots.filter((t) => !t.endsWith("(common-cause variation)"))).toHaveLength(special);
    expect(s).toContain(`>Mean ${input.trend.spc.mean.toFixed(2)}</text>`);
    expect(s).toContain(`>Upper process limit ${input.trend.spc.upperLimit.toFixed(2)}</text>`);
  });
});

describe("specialties strip chart", () => {
  it("puts each area at its rate as a percentage of its specialty's England rate", () => {
    const points = specialtyPoints(input.specialties);
    expect(points).toHaveLength(21 * 3);
    const s0 = input.specialties[0];
    const a0 = s0?.areas[0];
    expect(points[0]?.percentOfEngland).toBeCloseTo(
      ((a0?.rate ?? 0) / (s0?.england.rate ?? 1)) * 100,
      10,
    );
    expect(titles(svg("specialties"), "circle")).toHaveLength(63);
  });
});

describe("waits and regions charts", () => {
  it("shows each region's share within 18 weeks and the 92% standard", () => {
    const s = svg("waits");
    for (const r of input.waits.areas) expect(s).toContain(`>${r.pctWithin18?.toFixed(1)}%</text>`);
    expect(s).toContain(">92% standard</text>");
  });

  it("labels each region with its rate", () => {
    const s = svg("regions");
    for (const r of input.variation.regions) expect(s).toContain(`>${r.rate.toFixed(2)}</text>`);
  });
});

describe("small inputs", () => {
  it("renders three areas, no ICS pairs, no specialties and a two-month trend", () => {
    const v = input.variation;
    const small = {
      ...input,
      variation: {
        ...v,
        areas: v.areas.slice(0, 3),
        withinIcs: [],
        spread: { ...v.spread, topToBottomTenRatio: null },
      },
      specialties: [],
      trend: {
        ...input.trend,
        series: input.trend.series.slice(0, 2),
        spc: { ...input.trend.spc, trialLimits: true },
      },
    };
    const { charts: small3 } = renderCharts(small);
    expect([...small3.keys()]).toEqual([
      "map",
      "ranked",
      "funnel",
      "regions",
      "within-ics",
      "waits",
      "spc",
    ]);
    expect(small3.get("within-ics")?.alt).toBe("No integrated care system has two or more areas.");
    expect(titles(small3.get("ranked")?.svg ?? "", "circle")).toHaveLength(3);
    expect(small3.get("spc")?.subtitle).toContain("Fewer than 12 points: trial limits.");
  });
});
