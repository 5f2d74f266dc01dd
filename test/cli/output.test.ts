import { describe, expect, it } from "vitest";

import {
  columnsToLeaveOut,
  droppable,
  outputWidth,
  renderCsv,
  renderTable,
  wrapText,
  type Column,
} from "../../src/cli/output.ts";

interface Row {
  code: string;
  name: string;
  rate: number | null;
}
const columns: Column<Row>[] = [
  { header: "Code", value: (r) => r.code },
  { header: "Name", value: (r) => r.name },
  { header: "Rate", value: (r) => r.rate, format: (v) => v.toFixed(2) },
];
const rows: Row[] = [
  { code: "03R", name: "NHS Wakefield CCG", rate: 8.7712 },
  { code: "12F", name: 'NHS "Wirral", CCG', rate: null },
];

describe("output", () => {
  it("aligns a text table, numbers right, nulls as a dash", () => {
    expect(renderTable(columns, rows)).toBe(
      [
        "Code  Name               Rate",
        "----  -----------------  ----",
        "03R   NHS Wakefield CCG  8.77",
        '12F   NHS "Wirral", CCG     –',
        "",
      ].join("\n"),
    );
  });

  it("writes RFC 4180 CSV with unrounded numbers and empty nulls", () => {
    expect(renderCsv(columns, rows)).toBe(
      'Code,Name,Rate\r\n03R,NHS Wakefield CCG,8.7712\r\n12F,"NHS ""Wirral"", CCG",\r\n',
    );
  });

  it("fits a width: leaves out droppable columns first (named under the table), then wraps names", () => {
    const wide: Column<Row>[] = droppable(
      [...columns, { header: "Population of the area", value: () => 351_592 }],
      ["Population of the area"],
    );
    expect(renderTable(wide, rows)).toContain("Population of the area");
    expect(renderTable(wide, rows, 40)).toBe(
      [
        "Code  Name               Rate",
        "----  -----------------  ----",
        "03R   NHS Wakefield CCG  8.77",
        '12F   NHS "Wirral", CCG     –',
        "(Left out to fit 40 columns: Population",
        "of the area. A wider terminal, or",
        "--format csv or json, shows every",
        "column.)",
        "",
      ].join("\n"),
    );
    // Nothing left to drop: the name column wraps at its 12-character floor (4 + 2 + 12 + 2 + 4).
    expect(renderTable(columns, rows, 24)).toBe(
      [
        "Code  Name          Rate",
        "----  ------------  ----",
        "03R   NHS           8.77",
        "      Wakefield",
        "      CCG",
        "12F   NHS              –",
        '      "Wirral",',
        "      CCG",
        "",
      ].join("\n"),
    );
  });

  it("leaves out only what does not fit: the fewest columns, then the least important", () => {
    const col = (header: string, drop?: number): Column<Row> => ({
      header,
      value: () => 1,
      ...(drop === undefined ? {} : { drop }),
    });
    // Code 4, Name 17 (text), then a 5-wide optional column dropped first and a 20-wide one
    // dropped second: 4+2+17+2+5+2+20 = 52.
    const cols = [col("Code"), col("Name"), col("Small", 2), col("x".repeat(20), 1)];
    const widths = [4, 17, 5, 20];
    expect(columnsToLeaveOut(cols, widths, 52)).toEqual([]);
    // 44 columns: leaving out Small (the first to go) is not enough (52 - 7 = 45), so the wide
    // one goes, and alone (52 - 22 = 30): Small stays, though it is the first to go.
    expect(columnsToLeaveOut(cols, widths, 44)).toEqual([3]);
    // 50 columns: either alone is enough, so the first to go (Small) goes.
    expect(columnsToLeaveOut(cols, widths, 50)).toEqual([2]);
    // 25 columns: both go (4+2+17 = 23), and then nothing more can.
    expect(columnsToLeaveOut(cols, widths, 25).sort()).toEqual([2, 3]);
    expect(columnsToLeaveOut(cols, widths, 10).sort()).toEqual([2, 3]);
    // In a rendered table: the wide optional column is left out and named; Small is shown.
    const table = renderTable(
      [
        ...columns,
        { header: "Small", value: () => 5, drop: 2 },
        { header: "W".repeat(20), value: () => 7, drop: 1 },
      ],
      rows,
      40,
    );
    expect(table.split("\n")[0]).toBe("Code  Name               Rate  Small");
    expect(table.replaceAll("\n", " ")).toContain(
      `(Left out to fit 40 columns: ${"W".repeat(20)}.`,
    );
  });

  it("wraps prose under a bullet with a hanging indent, and takes the width from COLUMNS or the terminal", () => {
    expect(wrapText("• one two three four five six seven eight nine ten eleven", 30)).toBe(
      "• one two three four five six\n  seven eight nine ten eleven",
    );
    expect(wrapText("short", 30)).toBe("short");
    expect(outputWidth({ env: { COLUMNS: "80" } })).toBe(80);
    expect(outputWidth({ env: {}, columns: 120 })).toBe(120);
    expect(outputWidth({ env: { COLUMNS: "80" }, columns: 120 })).toBe(80);
    expect(outputWidth({ env: {} })).toBeUndefined(); // a pipe or file: every column
    expect(outputWidth({ env: { COLUMNS: "abc" } })).toBeUndefined();
  });
});
