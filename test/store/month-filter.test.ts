import { describe, expect, it } from "vitest";

import {
  commissionerProviderTotals,
  providersByMonth,
} from "../../src/store/completeness-queries.ts";
import { monthsParams } from "../../src/store/month-filter.ts";
import { countRttEntities } from "../../src/store/rtt-queries.ts";
import { buildRttStore } from "../helpers/rtt-store.ts";

describe("month list filters", () => {
  it("pass the months and their first and last, whatever their order", () => {
    expect(monthsParams(["2024-02", "2023-11", "2024-01"])).toEqual([
      "2024-02,2023-11,2024-01",
      "2023-11",
      "2024-02",
    ]);
    expect(monthsParams(["2021-04"])).toEqual(["2021-04", "2021-04", "2021-04"]);
  });

  it("select exactly the listed months, not the months between them", async () => {
    const months = ["2023-01", "2023-02", "2023-03", "2023-04"];
    const store = await buildRttStore(
      months.map((month, i) => ({
        month,
        commissioner: "72Q",
        provider: `R${i}X`,
        part: "Part_1A",
        totalAll: 10 * (i + 1),
      })),
    );
    try {
      const listed = ["2023-04", "2023-01"];
      expect(await providersByMonth(store, listed, ["Part_1A", "Part_2"])).toEqual([
        {
          month: "2023-01",
          code: "R0X",
          name: "Provider R0X",
          counts: { Part_1A: 10, Part_2: 0 },
        },
        {
          month: "2023-04",
          code: "R3X",
          name: "Provider R3X",
          counts: { Part_1A: 40, Part_2: 0 },
        },
      ]);
      expect(await commissionerProviderTotals(store, listed)).toEqual([
        { commissioner: "72Q", provider: "R0X", count: 10 },
        { commissioner: "72Q", provider: "R3X", count: 40 },
      ]);
      // Each month has the treatment-function row and its C_999 total row.
      expect(await countRttEntities(store, listed)).toEqual({
        rows: 4,
        commissioners: 1,
        providers: 2,
      });
      expect(await countRttEntities(store, [])).toEqual({
        rows: 0,
        commissioners: 0,
        providers: 0,
      });
    } finally {
      store.close();
    }
  });
});
