import { makeMonth, monthNumber, parsePeriodLabel } from "../months.ts";

/** A file's period as written in it: `Period`, or (before October 2017) `Year` + `Period Name`. */
export interface PeriodCells {
  period: string | null;
  year?: string | null;
}

/**
 * Reads the month of an RTT row. `Period` is `RTT-<Month>-<YYYY>` in any case (nothing else). The older layout's
 * `Period Name` is either that, `<Month> <YYYY>`, or a month name whose year comes from `Year`: a plain
 * `2016`, or a financial year `2016-17` / `2016/17` (April–December in the first year, January–March in
 * the second).
 */
export function parseFilePeriod(cells: PeriodCells): string | undefined {
  const name = (cells.period ?? "").trim();
  const label = parsePeriodLabel(name);
  if (label || cells.year === undefined) return label;
  const withYear = /^([A-Za-z]+)[\s-]+(\d{4})$/.exec(name);
  if (withYear) {
    const m = monthNumber(withYear[1] ?? "");
    return m === undefined ? undefined : makeMonth(Number(withYear[2]), m);
  }
  const month = monthNumber(name);
  const year = (cells.year ?? "").trim();
  if (month === undefined || !/^[A-Za-z]+$/.test(name)) return undefined;
  const plain = /^(\d{4})$/.exec(year);
  if (plain) return makeMonth(Number(plain[1]), month);
  const financial = /^(\d{4})\s*[-/]\s*(\d{2}|\d{4})$/.exec(year);
  if (!financial) return undefined;
  const start = Number(financial[1]);
  const end = financial[2] ?? "";
  const expected = String(start + 1);
  if (end !== expected && end !== expected.slice(2)) return undefined;
  return makeMonth(month >= 4 ? start : start + 1, month);
}

/** The label stored for a period: the `Period` value, or `Period Name` with its `Year`. */
export function periodLabelOf(cells: PeriodCells): string {
  const name = (cells.period ?? "").trim();
  if (cells.year === undefined || cells.year === null) return name;
  if (parsePeriodLabel(name) || /\d{4}$/.test(name)) return name;
  return `${name} ${cells.year.trim()}`;
}
