import { expect } from "vitest";

/**
 * `toBeCloseTo` with the precision expressed as significant digits, so a reference such as
 * 1110.3312129856499 and one such as 0.0253178 are both checked to the same relative accuracy.
 */
export function expectClose(
  actual: number | null | undefined,
  expected: number,
  digits = 12,
): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  const magnitude = expected === 0 ? 0 : Math.ceil(Math.log10(Math.abs(expected)));
  expect(actual as number).toBeCloseTo(expected, digits - magnitude);
}
