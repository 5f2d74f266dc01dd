// Waiting times when a provider did not submit: the area that relies on it has a short list, so
// every waits output marks it and says why (completeness.ts). Store: completeness-fixture.ts
// (RYY sends nothing in June 2021) plus waiting-list rows: 03R 50 at RXX and 50 at RYY in May
// and July, 50 at RXX in June; 15F 100 at RXX every month.
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { waitsToTidy } from "../../src/analysis/tidy.ts";
import type { WaitsOutput } from "../../src/analysis/types.ts";
import { waits } from "../../src/analysis/waits.ts";
import { formatWaitsTable } from "../../src/cli/waits.ts";
import type { Store } from "../../src/store/db.ts";
import type { RttRowSpec } from "../helpers/rtt-store.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

import { COMPLETENESS_ROWS } from "./completeness-fixture.ts";

const WAITING: RttRowSpec[] = ["2021-05", "2021-06", "2021-07"].flatMap((month): RttRowSpec[] => {
  const rows: RttRowSpec[] = [
    { month, commissioner: "03R", provider: "RXX", part: "Part_2", bands: { 5: 50 } },
    { month, commissioner: "15F", provider: "RXX", part: "Part_2", bands: { 5: 100 } },
  ];
  if (month !== "2021-06")
    rows.push({ month, commissioner: "03R", provider: "RYY", part: "Part_2", bands: { 30: 50 } });
  return rows;
});

let store: Store;
let w: WaitsOutput;
beforeAll(async () => {
  store = await buildRttStore([...COMPLETENESS_ROWS, ...WAITING]);
  w = await waits(store, { month: "2021-06" });
});
afterAll(() => store?.close());

describe("waits with a missing submission", () => {
  it("marks Wakefield's short list with the reason, and no other area", () => {
    const wakefield = w.areas.find((a) => a.code === "03R");
    expect(wakefield?.waiting).toBe(50);
    expect(wakefield?.incompleteReason).toMatch(
      /^incomplete: \d+\.\d% of its activity normally comes from providers that submitted no data for 2021-06 — Provider RYY \(RYY\)/,
    );
    expect(wakefield?.incompleteReason).not.toMatch(/not ranked/);
    expect(w.areas.filter((a) => a.incompleteReason).map((a) => a.code)).toEqual(["03R"]);
  });

  it("says so in the table (marker and footnote) and in the tidy rows", () => {
    const table = formatWaitsTable(w);
    expect(table).toMatch(/^Wakefield \(03R\) \* +50 /m);
    expect(table).toContain(
      `  Wakefield (03R): ${w.areas.find((a) => a.code === "03R")?.incompleteReason}`,
    );
    const tidy = waitsToTidy(w);
    expect(tidy[0]?.completeness).toBeNull();
    expect(tidy.find((r) => r.areaCode === "03R")?.completeness).toBe("incomplete");
    expect(tidy.find((r) => r.areaCode === "15F")).toMatchObject({
      completeness: "complete",
      incompleteReason: null,
    });
  });

  it("checks nothing in a month every provider sent", async () => {
    const may = await waits(store, { month: "2021-05" });
    expect(may.areas.every((a) => a.incompleteReason === null)).toBe(true);
  });
});
