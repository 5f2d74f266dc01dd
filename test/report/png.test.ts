import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { describe, expect, it } from "vitest";

import { renderCharts } from "../../src/report/charts/index.ts";
import { defaultFontFiles, PngRenderer, svgsToPngs, svgToPng } from "../../src/report/png.ts";
import { repoRoot } from "../helpers/cli.ts";

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

describe("the PNG worker", () => {
  it("does not keep a command from ending when its report stops before asking for the PNGs", () => {
    // Renderers abandoned, as when writing the report fails half way (one given nothing, one given
    // two SVGs and never asked for them): the process must still end by itself, not wait on them.
    const dir = mkdtempSync(join(tmpdir(), "rw-png-"));
    const script = join(dir, "abandon.ts");
    const png = pathToFileURL(join(repoRoot, "src/report/png.ts")).href;
    writeFileSync(
      script,
      `import { PngRenderer } from ${JSON.stringify(png)};
       new PngRenderer({ fontFiles: [] });
       const r = new PngRenderer({ fontFiles: [] });
       r.add('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
       setTimeout(() => r.add('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"/>'), 50);
       console.log("abandoned");`,
    );
    const run = spawnSync(process.execPath, ["--import", "tsx", script], {
      cwd: repoRoot,
      encoding: "utf8",
      timeout: 20_000,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(run.signal).toBeNull(); // not killed by the timeout
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("abandoned\n");
  });
});
