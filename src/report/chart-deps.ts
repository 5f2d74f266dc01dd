/**
 * The chart libraries: Observable Plot and linkedom (the DOM Plot draws into). Imported as ES
 * modules they cost a command ~0.4 s of loading (Node resolves, reads and compiles ~300 files);
 * the build bundles them into one CommonJS file with V8's code cache (scripts/bundle-vendor.mjs,
 * dist/vendor/chart-deps.cjs), which loads in ~0.1 s. Run from source (tests, `npm run dev`) the
 * packages themselves are loaded. Every chart, page map and infographic takes them from here.
 */
import { createRequire } from "node:module";

import type * as PlotModule from "@observablehq/plot";
import type * as Linkedom from "linkedom";

import { loadVendored } from "../code-cache.ts";

interface ChartDeps {
  Plot: typeof PlotModule;
  parseHTML: typeof Linkedom.parseHTML;
}

const deps = loadVendored<ChartDeps>(new URL("../vendor/chart-deps.cjs", import.meta.url), () => {
  const require = createRequire(import.meta.url);
  return {
    Plot: require("@observablehq/plot") as typeof PlotModule,
    parseHTML: (require("linkedom") as typeof Linkedom).parseHTML,
  };
});

/** Observable Plot (`Plot.plot`, `Plot.dot`, …), as `import * as Plot from "@observablehq/plot"`. */
export const Plot = deps.Plot;

/** linkedom's `parseHTML`. */
export const parseHTML = deps.parseHTML;
