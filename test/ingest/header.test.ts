import { describe, expect, it } from "vitest";

import { splitCsvLine } from "../../src/csv.ts";
import { InputFileError } from "../../src/errors.ts";
import { detectHeader } from "../../src/ingest/header.ts";
import { bandColumnNames, headerColumns } from "../../src/ingest/layout.ts";

const row = (era: Parameters<typeof headerColumns>[0], period: string) =>
  headerColumns(era)
    .map((c) => (c === "Period" || c === "Period Name" ? period : c === "Year" ? "2016-17" : "0"))
    .join(",");

const problem = (head: string) => {
  try {
    detectHeader(head, "f.csv", true);
  } catch (e) {
    if (e instanceof InputFileError) return e.message;
    throw e;
  }
  return "accepted";
};

describe("detectHeader", () => {
  it("detects each era from the header itself", () => {
    const modern = detectHeader(
      `${headerColumns("2021-04").join(",")}\n${row("2021-04", "RTT-June-2021")}\n`,
      "f",
      true,
    );
    expect([
      modern.era,
      modern.skip,
      modern.headerLine,
      modern.map.bands.length,
      modern.month,
    ]).toEqual(["2021-04", 0, 1, 105, "2021-06"]);
    expect(modern.topBandStart).toBe(104);
    const mid = detectHeader(
      `${headerColumns("2017-10").join(",")}\r\n${row("2017-10", "RTT-MARCH-2021")}\r\n`,
      "f",
      true,
    );
    expect([mid.era, mid.map.bands.length, mid.month]).toEqual(["2017-10", 53, "2021-03"]);
    const old = detectHeader(
      `Title,,\nSource,,\n${headerColumns("pre-2017-10").join(",")}\n${row("pre-2017-10", "FEBRUARY")}\n`,
      "f",
      true,
    );
    expect([old.era, old.skip, old.headerLine, old.month, old.map.part]).toEqual([
      "pre-2017-10",
      2,
      3,
      "2017-02",
      "RTT Part Name",
    ]);
  });

  it("uses only the lines it has when the head is not the whole file", () => {
    const text = `${headerColumns("2021-04").join(",")}\n${row("2021-04", "RTT-June-2021")}\nRTT-Ju`;
    expect(detectHeader(text, "f", false).month).toBe("2021-06");
  });

  it.each([
    ["", "f.csv: the file is empty"],
    ["\uFEFF\n\n", "f.csv: the file is empty"],
    [
      "hello,world\n1,2\n",
      'f.csv: not an RTT Full CSV extract (no header line with a "Period" column)',
    ],
    [
      `${headerColumns("2021-04").join(",")},Total All\n`,
      'f.csv:1: column "Total All" appears twice',
    ],
    [
      headerColumns("2021-04")
        .filter((c) => !c.startsWith("Gt "))
        .join(","),
      'f.csv:1: no week-band columns ("Gt 00 To 01 Weeks SUM 1" …)',
    ],
    [
      headerColumns("2021-04")
        .filter((c) => c !== "Gt 104 Weeks SUM 1")
        .join(","),
      'f.csv:1: week bands are not contiguous from 0 weeks: unexpected "Gt 103 To 104 Weeks SUM 1"',
    ],
    [
      ["Period", ...bandColumnNames(78)].join(","),
      "f.csv:1: the week bands end at 78 weeks: expected 52 (to March 2021) or 104 (from April 2021)",
    ],
    [
      headerColumns("2021-04")
        .filter((c) => !/^(Total|Provider Org Code|Treatment Function Name)$/.test(c))
        .join(","),
      'f.csv:1: missing columns "Provider Org Code", "Treatment Function Name", "Total"',
    ],
    [
      headerColumns("2021-04")
        .filter((c) => !/^(Total|Total All|Provider Org Code|Treatment Function Name)$/.test(c))
        .join(","),
      'f.csv:1: missing columns "Provider Org Code", "Treatment Function Name", "Total" and 1 more',
    ],
    [`${headerColumns("2021-04").join(",")}\n`, "f.csv: the file has a header but no data rows"],
    [
      `${headerColumns("2021-04").join(",")}\n\n${row("2021-04", "June-2021")}\n`,
      'f.csv:3 (column "Period"): "June-2021" is not an RTT period (expected e.g. RTT-November-2024)',
    ],
  ])("rejects %j", (head, message) => {
    expect(problem(head)).toBe(message);
  });
});

describe("splitCsvLine", () => {
  it("splits on commas outside quotes and unescapes doubled quotes", () => {
    expect(splitCsvLine('a,"b, c","d ""e""",,f')).toEqual(["a", "b, c", 'd "e"', "", "f"]);
  });
});
