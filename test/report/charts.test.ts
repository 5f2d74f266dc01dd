import { describe, expect, it } from "vitest";

import { renderCharts, type ChartName } from "../../src/report/charts/index.ts";
import {
  compactPath,
  divergingColour,
  mapChart,
  mapExtent,
  PHONE_MAP,
} from "../../src/report/charts/map.ts";
import { rankedCharts, rankedRows } from "../../src/report/charts/ranked.ts";
import { specialtyPoints } from "../../src/report/charts/specialties.ts";
import { areaLabel } from "../../src/report/format.ts";

import { buildReportFixture } from "./fixture.ts";
import { asReal, loadFixture, normalize } from "./helpers.ts";

const input = loadFixture({ boundaries: true });
const { charts, warnings } = renderCharts(input);
const NAMES: ChartName[] = [
  "map",
  "map-phone",
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
      `${areaLabel(top ?? { name: "", code: "" })}: ${top?.rate.toFixed(2)} (95% CI ${top?.lower95.toFixed(2)} to ${top?.upper95.toFixed(2)}), ${PHRASE[top?.comparedToEngland ?? "similar"]}`,
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

  it("labels every area by place and code, so two areas with one name stay apart", () => {
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
    expect(rankedRows(input.variation).find((r) => r.code === "03R")?.label).toBe(
      "Wakefield (03R)",
    );
  });

  it("splits 106 areas into two charts on one scale, every label complete and unique", () => {
    const all = buildReportFixture().variation;
    expect(all.areas).toHaveLength(106);
    const parts = rankedCharts(all, { source: "Source: test.", synthetic: false });
    expect(parts.map((p) => p.name)).toEqual(["ranked", "ranked-2"]);
    expect(parts.map((p) => p.data.length)).toEqual([53, 53]);
    expect(parts[0]?.title).toContain("all 106 areas ranked, 1–53 of 106");
    expect(parts[1]?.title).toContain("54–106 of 106");
    const ticks = parts.flatMap((p) =>
      [...p.svg.matchAll(/<text[^>]*>(\d+) {2}([^<]+)<\/text>/g)].map((m) => m[2] ?? ""),
    );
    const expected = [...all.areas].sort((a, b) => a.rank - b.rank).map((a) => areaLabel(a));
    expect(ticks).toEqual(expected);
    expect(new Set(ticks).size).toBe(106);
    expect(ticks.join("")).not.toContain("…");
    expect(ticks).toContain("Shropshire, Telford and Wrekin (M2L0M)");
    // The same x domain in both parts: identical axis tick labels.
    const axis = (svgText: string) =>
      [...svgText.matchAll(/aria-label="x-axis tick label"[^]*?<\/g>/g)][0]?.[0];
    expect(axis(parts[0]?.svg ?? "")).toBe(axis(parts[1]?.svg ?? ""));
  });
});

describe("map", () => {
  it("fills each area from the diverging scale and names it in a tooltip", () => {
    const s = svg("map");
    const paths = [...s.matchAll(/<path fill="(#[0-9a-f]{6})" d="[^"]*"><title>([^<]*)<\/title>/g)];
    expect(paths).toHaveLength(21);
    const extent = mapExtent(input.variation);
    for (const a of input.variation.areas) {
      const hit = paths.find((p) => p[2]?.startsWith(`${areaLabel(a)}:`));
      const t = (a.rate - input.variation.england.rate) / extent;
      expect(hit?.[1]).toBe(divergingColour(t));
    }
  });

  it("lists the five highest and lowest areas beside the map by their complete labels", () => {
    const s = svg("map");
    const listed = [
      ...s.matchAll(
        /<text x="(\d+(?:\.\d+)?)" y="[^"]*" font-size="11" fill="#212b32">([^<]*)<\/text>/g,
      ),
    ]
      .map((m) => m[2])
      .join(" ");
    const sorted = [...input.variation.areas].sort((a, b) => a.rank - b.rank);
    for (const a of [...sorted.slice(0, 5), ...sorted.slice(-5)]) {
      expect(listed).toContain(areaLabel(a));
    }
  });

  it("enlarges London in an inset and boxes it on the map, in both layouts", () => {
    const b = input.boundaries;
    if (!b) throw new Error("fixture has boundaries");
    const noLondon = svg("map");
    expect(noLondon).not.toContain(">London</text>");
    const londonCodes = ["06Q", "07G"];
    const v = {
      ...input.variation,
      areas: input.variation.areas.map((a) =>
        londonCodes.includes(a.code) ? { ...a, regionName: "London" } : a,
      ),
    };
    const meta = { source: "Source: test.", synthetic: false };
    for (const chart of [mapChart(v, b, meta), mapChart(v, b, meta, PHONE_MAP)]) {
      expect(chart.svg).toContain(">London</text>");
      expect(chart.subtitle).toContain("London (boxed) is enlarged in the inset.");
      // The two London areas are drawn twice: on the map and in the inset.
      for (const code of londonCodes) {
        const a = v.areas.find((x) => x.code === code);
        const label = `<title>${areaLabel(a ?? { name: "", code })}:`;
        expect(chart.svg.split(label).length - 1).toBe(2);
      }
    }
  });

  it("draws a phone map 400 wide with no side list and legible text", () => {
    const phone = charts.get("map-phone");
    expect(phone?.width).toBe(400);
    expect(phone?.svg).not.toContain("Highest rates");
    const sizes = [...(phone?.svg ?? "").matchAll(/<text[^>]*font-size="([\d.]+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(10.5);
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

  it("compacts exactly as the regular-expression version it replaced, on real and odd paths", () => {
    // The version before the one-pass scanner, kept here as the reference.
    const reference = (d: string, step = 0.5): string => {
      const q = (v: number) => Math.round(v / step) * step;
      const fmt = (v: number) => String(Math.round(v * 100) / 100);
      let out = "";
      let px = 0;
      let py = 0;
      for (const token of d.match(/[MLZ][^MLZ]*/gi) ?? []) {
        const cmd = token[0]?.toUpperCase();
        if (cmd === "Z") {
          out += "z";
          continue;
        }
        const [x = 0, y = 0] = token.slice(1).split(",").map(Number);
        const qx = q(x);
        const qy = q(y);
        if (cmd === "M") out += `M${fmt(qx)},${fmt(qy)}`;
        else if (qx !== px || qy !== py) out += `l${fmt(qx - px)},${fmt(qy - py)}`;
        px = qx;
        py = qy;
      }
      return out;
    };
    // The map's own paths (already compacted: M and relative l), and d3-like absolute ones.
    const drawn = [...svg("map").matchAll(/ d="([^"]*)"/g)].map((m) => m[1] ?? "");
    expect(drawn.length).toBeGreaterThan(10);
    const odd = [
      "",
      "Z",
      "junk M1,2 L3",
      "M1,2,3L4,5,6z",
      "m1.26,2.74l-3.1e2,4e-3Zl7",
      "M,L,Z",
      "M1.2.3,4L5,x",
      "M-0.24,-0.26L0.24,0.26",
    ];
    let seed = 3;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const random = Array.from({ length: 200 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 12) }, () => {
        const c = "MLZmlz"[Math.floor(next() * 6)] ?? "M";
        const num = () => ((next() - 0.5) * 2000).toFixed(Math.floor(next() * 5));
        return c.toUpperCase() === "Z" ? c : `${c}${num()},${num()}`;
      }).join(""),
    );
    for (const d of [...drawn, ...odd, ...random]) {
      expect(compactPath(d)).toBe(reference(d));
      expect(compactPath(d, 0.25)).toBe(reference(d, 0.25));
    }
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
      "map-phone",
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
