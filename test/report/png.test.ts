import { describe, expect, it } from "vitest";

import { renderCharts } from "../../src/report/charts/index.ts";
import { defaultFontFiles, PngRenderer, svgsToPngs, svgToPng } from "../../src/report/png.ts";

import { loadFixture } from "./helpers.ts";

const input = loadFixture({ boundaries: true });
const fontFiles = defaultFontFiles();

describe("PNGs drawn on the thread pool", () => {
  it("hands each chart to onChart as soon as it is drawn, in the order of the charts", () => {
    const heard: string[] = [];
    const { charts } = renderCharts(input, (name, chart) => {
      heard.push(name);
      expect(chart.svg.startsWith("<svg")).toBe(true);
    });
    expect(heard).toEqual([...charts.keys()]);
    expect(heard.length).toBeGreaterThanOrEqual(9);
  });

  it("gives the same bytes as drawing on this thread, in the order the charts were added", async () => {
    const { charts } = renderCharts(input);
    const svgs = (["regions", "waits"] as const).map((n) => charts.get(n)?.svg ?? "");
    const renderer = new PngRenderer({ fontFiles });
    for (const svg of svgs) renderer.add(svg);
    const pngs = await renderer.done();
    expect(pngs).toHaveLength(2);
    pngs.forEach((png, i) => {
      expect(png.equals(svgToPng(svgs[i] ?? "", { fontFiles }))).toBe(true);
    });
    // Different charts give different images, so the order is checked, not only the bytes.
    expect(pngs[0]?.equals(pngs[1] as Buffer)).toBe(false);
    expect(await svgsToPngs(svgs.slice(1), { fontFiles })).toEqual(pngs.slice(1));
  });

  it("rejects with resvg's message when an SVG cannot be read, once every PNG is asked for", async () => {
    const renderer = new PngRenderer({ fontFiles });
    renderer.add('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    renderer.add("not an svg");
    await expect(renderer.done()).rejects.toThrow(/svg|xml|parse|document/i);
  });
});
