import { describe, expect, it } from "vitest";

import { renderCsv, renderTable, type Column } from "../../src/cli/output.ts";

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
});
