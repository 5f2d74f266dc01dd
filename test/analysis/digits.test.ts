import { describe, expect, it } from "vitest";

import { decimalsFor, intervalDecimals } from "../../src/analysis/digits.ts";
import { formatInterval } from "../../src/report/format.ts";

describe("decimals for rates and intervals", () => {
  it("shows small rates to two significant figures, never fewer than two decimals", () => {
    expect(decimalsFor(4.71)).toBe(2);
    expect(decimalsFor(0.44)).toBe(2);
    expect(decimalsFor(0.0711)).toBe(3);
    expect(decimalsFor(0.00312)).toBe(4);
    expect(decimalsFor(0)).toBe(2);
  });

  it("never prints a specialty's interval as '0.14 to 0.14'", () => {
    // A cardiology-sized rate: 0.1405 per 1,000 with 95% CI 0.1381 to 0.1429.
    expect(intervalDecimals(0.1381, 0.1429, 2)).toBe(3);
    expect(formatInterval(0.1381, 0.1429, 2)).toBe("0.138 to 0.143");
    // The value inside must differ from both ends too: 0.1405 in 0.1401 to 0.1409 → 4 decimals.
    expect(intervalDecimals(0.1401, 0.1409, 2, 0.1405)).toBe(4);
    // Wide intervals keep the usual two decimals.
    expect(formatInterval(4.1, 4.73)).toBe("4.10 to 4.73");
    expect(intervalDecimals(2, 2, 2)).toBe(2); // a degenerate interval is left alone
  });
});
