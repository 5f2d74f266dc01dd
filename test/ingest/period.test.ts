import { describe, expect, it } from "vitest";

import { parseFilePeriod, periodLabelOf } from "../../src/ingest/period.ts";

describe("parseFilePeriod", () => {
  it.each([
    // `Period` (October 2017 on): RTT-<Month>-<YYYY> in any case, nothing else.
    [{ period: "RTT-November-2024" }, "2024-11"],
    [{ period: "RTT-OCTOBER-2019" }, "2019-10"],
    [{ period: " rtt-june-2021 " }, "2021-06"],
    [{ period: "November 2024" }, undefined],
    [{ period: "RTT-Smarch-2024" }, undefined],
    [{ period: null }, undefined],
    // `Year` + `Period Name` (before October 2017).
    [{ period: "RTT-April-2016", year: "2016-17" }, "2016-04"],
    [{ period: "APRIL", year: "2016-17" }, "2016-04"],
    [{ period: "December", year: "2016/17" }, "2016-12"],
    [{ period: "January", year: "2016-17" }, "2017-01"], // financial year: Jan–Mar in the second year
    [{ period: "March", year: "2016/2017" }, "2017-03"],
    [{ period: "June", year: "2016" }, "2016-06"],
    [{ period: "June 2016", year: "" }, "2016-06"],
    [{ period: "June", year: "2016-18" }, undefined], // not a financial year
    [{ period: "June", year: "" }, undefined],
    [{ period: "Jun3", year: "2016" }, undefined],
  ])("%j → %s", (cells, month) => {
    expect(parseFilePeriod(cells)).toBe(month);
  });

  it("labels a period as the file writes it", () => {
    expect(periodLabelOf({ period: "RTT-NOVEMBER-2024" })).toBe("RTT-NOVEMBER-2024");
    expect(periodLabelOf({ period: "APRIL", year: "2016-17" })).toBe("APRIL 2016-17");
    expect(periodLabelOf({ period: "RTT-April-2016", year: "2016-17" })).toBe("RTT-April-2016");
  });
});
