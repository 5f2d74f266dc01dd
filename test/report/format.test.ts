import { describe, expect, it } from "vitest";

import {
  escapeXml,
  formatChange,
  formatCount,
  formatDate,
  formatInterval,
  formatMonthShort,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatPeriodShort,
  formatRate,
  formatRatio,
  formatWeeks,
  ordinal,
  periodPhrase,
  rateDigits,
  shortName,
  areaLabel,
} from "../../src/report/format.ts";

describe("number formatting", () => {
  it.each([
    [formatCount(56550138), "56,550,138"],
    [formatCount(0), "0"],
    [formatCount(null), "–"],
    [formatCount(Number.NaN), "–"],
    [formatNumber(1234.56, 1), "1,234.6"],
    [formatNumber(-0.04, 1), "0.0"],
    [formatRate(4.4312), "4.43"],
    [formatRate(8.775), "8.78"],
    [formatRate(0.0734, 3), "0.073"],
    [formatInterval(4.1, 4.734), "4.10 to 4.73"],
    [formatInterval(null, 4), "–"],
    [formatPercent(58.34), "58.3%"],
    [formatPercent(92), "92.0%"],
    [formatPercent(101.6, 0), "102%"],
    [formatChange(3.21, 1, "%"), "+3.2%"],
    [formatChange(-1200), "−1,200"],
    [formatChange(0.01, 1), "0.0"],
    [formatWeeks(14.25), "14.3 weeks"],
    [formatRatio(2.871), "2.9"],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });

  it("uses two decimals for rates, three below 0.1", () => {
    expect(rateDigits(4.4)).toBe(2);
    expect(rateDigits(0.17)).toBe(2);
    expect(rateDigits(0.05)).toBe(3);
  });
});

describe("dates and names", () => {
  it.each([
    [formatPeriod("2022-04", "2023-03"), "April 2022 to March 2023"],
    [formatPeriod("2021-06", "2021-06"), "June 2021"],
    [periodPhrase("2025-04", "2026-03"), "From April 2025 to March 2026"],
    [periodPhrase("2026-04", "2026-04"), "In April 2026"],
    [formatPeriodShort("2025-04", "2026-03"), "Apr 2025 to Mar 2026"],
    [formatPeriodShort("2026-04", "2026-04"), "Apr 2026"],
    [formatMonthShort("2023-09"), "Sep 2023"],
    [formatDate(new Date("2025-05-01T23:30:00Z")), "1 May 2025"],
    [shortName("NHS Bradford District and Craven CCG"), "Bradford District and Craven"],
    [shortName("NHS Dorset ICB - 11J"), "Dorset (11J)"],
    [areaLabel({ name: "NHS Wakefield CCG", code: "03R" }), "Wakefield (03R)"],
    [
      areaLabel({ name: "NHS West Yorkshire ICB - 03R (Wakefield)", code: "03R" }),
      "Wakefield (03R)",
    ],
    [areaLabel({ name: "NHS Dorset ICB - 11J", code: "11J" }), "Dorset (11J)"],
    [
      areaLabel({ name: "NHS Shropshire, Telford and Wrekin ICB - M2L0M", code: "M2L0M" }),
      "Shropshire, Telford and Wrekin (M2L0M)",
    ],
    [areaLabel({ name: "London", code: "London" }), "London"],
    [shortName("NHS West Yorkshire ICB - 03R (Wakefield)"), "Wakefield (03R)"],
    [
      shortName("NHS Lancashire and South Cumbria Integrated Care Board"),
      "Lancashire and South Cumbria",
    ],
    [ordinal(1), "1st"],
    [ordinal(12), "12th"],
    [ordinal(22), "22nd"],
    [ordinal(113), "113th"],
    [escapeXml('Bath & "Wilts" <x>'), "Bath &amp; &quot;Wilts&quot; &lt;x&gt;"],
  ])("%s", (actual, expected) => {
    expect(actual).toBe(expected);
  });
});
