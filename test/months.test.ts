import { describe, expect, it } from "vitest";

import { addMonths, monthLabel, monthRange, parsePeriodLabel, periodLabel } from "../src/months.ts";

describe("months", () => {
  it.each([
    ["RTT-June-2021", "2021-06"],
    ["RTT-SEPTEMBER-2021", "2021-09"],
    ["rtt-november-2024", "2024-11"],
    [" RTT-April-2017 ", "2017-04"],
    ["RTT-Juno-2021", undefined],
    ["June-2021", undefined],
  ])("parses the Period value %s", (label, month) => {
    expect(parsePeriodLabel(label)).toBe(month);
  });

  it("does month arithmetic across years", () => {
    expect(addMonths("2021-11", 3)).toBe("2022-02");
    expect(addMonths("2021-01", -1)).toBe("2020-12");
    expect(monthRange("2021-11", "2022-02")).toEqual(["2021-11", "2021-12", "2022-01", "2022-02"]);
    expect(monthRange("2022-02", "2021-11")).toEqual([]);
    expect(monthLabel("2021-06")).toBe("June 2021");
    expect(periodLabel("2021-06")).toBe("RTT-June-2021");
  });
});
