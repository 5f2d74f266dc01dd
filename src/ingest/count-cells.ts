/**
 * The one-pass load's digits check, made on the bytes as they go by (while the file is hashed or
 * unpacked) instead of in SQL: there, joining a row's 108 count cells and translating the result
 * cost about a tenth of the month's CPU. DuckDB's integer parsing (a typed column or
 * `CAST(… AS INTEGER)`) accepts `+3`, `1e5`, `1.5`, `1_000`, `0x10` and a tab around the digits; this
 * scan refuses every count cell holding anything but digits and spaces, or more than nine of them (so
 * none is above MAX_COUNT), so the load keeps only what the staged path accepts (a count with leading
 * zeros or spaces beyond nine goes to the staged path).
 *
 * Every layout of the extract ends with its count columns (the week bands, then `Total`, `Patients
 * with unknown clock start date`, `Total All`), so the scan reads each physical line backwards from
 * its end, over its last `counts` cells only, and never follows the text fields before them: a
 * quarter of the CPU of following every record and field from the start, the difference between
 * ingest and a plain load. That is enough because DuckDB refuses a record with the wrong number of
 * fields: a record's count cells are its last `counts` fields, and they are on its last physical
 * line — none of them may hold a quote around a comma or a line end, which this scan refuses — so
 * every count cell DuckDB reads is one this scan has checked. A physical line that does not end in
 * `counts` such cells (a quoted text field running over two lines, say) makes it answer false and
 * the file goes to the staged path, which finds and words any problem, or loads the file if there
 * is none.
 */

/** Bytes a count cell may have, digits and spaces together: MAX_COUNT (999,999,999) has nine. */
const MAX_CELL = 9;
/**
 * A line longer than this is not an extract's (theirs are under 2 KB): the scan answers false rather
 * than hold it, and the staged path decides.
 */
const MAX_LINE = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
/** Byte classes: 0 anything else, 1 a digit or a space, 2 a comma, 3 a double quote. */
const CLASS = new Uint8Array(256);
for (let b = 0x30; b <= 0x39; b++) CLASS[b] = 1;
CLASS[0x20] = 1;
CLASS[0x2c] = 2;
CLASS[QUOTE] = 3;

export class CountCellScan {
  readonly #counts: number;
  /** Physical lines still to pass over before the data: the preamble, then the header. */
  #toSkip: number;
  /** The start of a line the last chunk ended inside (a copy: chunks are reused). */
  #carry: Buffer | null = null;
  #sawLine = false;
  #ok = true;

  /**
   * `counts`: how many count columns end each record; `skip`: physical lines before the header (the
   * pre-2017 preamble), passed over with the header.
   */
  constructor(counts: number, skip = 0) {
    this.#counts = counts;
    this.#toSkip = skip + 1;
  }

  /** Feeds the next bytes of the file (which it does not keep). */
  update(chunk: Uint8Array): void {
    if (!this.#ok) return;
    const n = chunk.length;
    let i = 0;
    while (this.#toSkip > 0) {
      const lf = chunk.indexOf(LF, i);
      if (lf < 0) return;
      i = lf + 1;
      this.#toSkip--;
    }
    if (this.#carry) {
      const lf = chunk.indexOf(LF, i);
      const line = Buffer.concat([this.#carry, chunk.subarray(i, lf < 0 ? n : lf)]);
      if (lf < 0) {
        this.#carry = line;
        if (line.length > MAX_LINE) this.#ok = false;
        return;
      }
      this.#carry = null;
      this.#line(line, 0, line.length);
      i = lf + 1;
    }
    while (i < n && this.#ok) {
      const lf = chunk.indexOf(LF, i);
      if (lf < 0) {
        this.#carry = Buffer.from(chunk.subarray(i));
        if (n - i > MAX_LINE) this.#ok = false;
        return;
      }
      this.#line(chunk, i, lf);
      i = lf + 1;
    }
  }

  /** True when every data line ended in `counts` cells of at most nine digits and spaces. */
  ok(): boolean {
    if (this.#carry) {
      const last = this.#carry;
      this.#carry = null;
      this.#line(last, 0, last.length);
    }
    return this.#ok && this.#sawLine && this.#toSkip === 0;
  }

  /** Checks the count cells at the end of the line `bytes[start, end)` (its line feed left out). */
  #line(bytes: Uint8Array, start: number, end: number): void {
    if (end > start && bytes[end - 1] === CR) end--;
    if (end === start) return; // a blank line, which DuckDB skips
    this.#sawLine = true;
    if (end - start > MAX_LINE) {
      this.#ok = false;
      return;
    }
    const counts = this.#counts;
    let commas = 0;
    let cell = 0;
    let j = end - 1;
    for (; j >= start; j--) {
      const c = CLASS[bytes[j] as number];
      if (c === 1) {
        if (++cell > MAX_CELL) break;
      } else if (c === 2) {
        if (++commas === counts) return;
        cell = 0;
      } else if (c === 3 && cell === 0) {
        // A quoted count, "…", read from its closing quote: its digits and spaces, then the opening
        // quote, which must follow a comma.
        let k = j - 1;
        while (k >= start && CLASS[bytes[k] as number] === 1) k--;
        if (k < start || bytes[k] !== QUOTE || j - k - 1 > MAX_CELL) break;
        j = k;
        cell = MAX_CELL; // nothing but a comma may come before the opening quote
      } else break;
    }
    this.#ok = false;
  }
}
