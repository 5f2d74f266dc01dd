// Web downloads and API CSVs mark synthetic data as the CLI's CSVs do: one leading `#` line, the
// same words, and otherwise the same file byte for byte as the one built from the same rows flagged
// real (which starts with its header and has no synthetic column).
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { labelCsv, SYNTHETIC_CSV_LINE } from "../../src/csv.ts";

import { webFixture, type WebFixture } from "./fixture.ts";

let fake: WebFixture;
let genuine: WebFixture;
beforeAll(async () => {
  fake = await webFixture();
  genuine = await webFixture({ synthetic: false });
});
afterAll(() => {
  fake.store.close();
  genuine.store.close();
});

const PATHS = [
  "/area/03R/neighbours.csv",
  "/area/03R/spc.csv",
  "/api/v1/values/admitted/all.csv?period=2021-03-2021-04&level=region",
];

describe("the synthetic-data line on web and API CSVs", () => {
  it.each(PATHS)("%s", async (path) => {
    const a = await fake.app.request(path);
    const b = await genuine.app.request(path);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const synthetic = await a.text();
    const real = await b.text();
    const [first, ...rest] = synthetic.split("\n");
    expect(first).toBe(
      "# SYNTHETIC DEMONSTRATION DATA: not real NHS England figures, do not quote",
    );
    expect(rest.join("\n")).toBe(real);
    const header = real.split("\n")[0] ?? "";
    expect(header).toMatch(/^[a-z][A-Za-z0-9]*(,[a-z][A-Za-z0-9]*)+$/);
    expect(header.split(",")).not.toContain("synthetic");
    expect(real).not.toMatch(/synthetic/i);
  });
});

describe("labelCsv", () => {
  it("adds the line only for synthetic data, ending it as the CSV's header line ends", () => {
    expect(labelCsv("a,b\n1,2\n", false)).toBe("a,b\n1,2\n");
    expect(labelCsv("a,b\n1,2\n", true)).toBe(`${SYNTHETIC_CSV_LINE}\na,b\n1,2\n`);
    expect(labelCsv("a,b\r\n1,2\r\n", true)).toBe(`${SYNTHETIC_CSV_LINE}\r\na,b\r\n1,2\r\n`);
    expect(labelCsv("a,b\r\n", true, "RTT rows only")).toBe(
      `${SYNTHETIC_CSV_LINE} (RTT rows only)\r\na,b\r\n`,
    );
  });
});
