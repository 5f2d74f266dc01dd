/**
 * The one-pass load's digits check, made on the bytes as they go by (while the file is hashed or
 * unpacked) instead of in SQL: there, joining a row's 108 count cells and translating the result
 * cost about a tenth of the month's CPU. `CAST(… AS INTEGER)` accepts `+3`, `1e5`, `1.5`, `1_000`,
 * `0x10` and a tab around the digits; this scan refuses every count cell holding anything but
 * digits and spaces, or more than nine of them (so none is above MAX_COUNT, and the SQL need not
 * look for the largest of a row's counts either), so the load keeps only what the staged path
 * accepts (a count with leading zeros or spaces beyond nine goes to the staged path).
 *
 * It splits records and fields as DuckDB's reader does with `quote = '"', escape = '"'` (a quote
 * toggles quoting; `""` inside quotes toggles it twice) and starts after the header line, so it is
 * used only for files without a preamble. Whatever it cannot follow (a record with the wrong number
 * of fields, a carriage return not followed by a line feed, a cell with a comma or a quote inside
 * quotes) makes it answer false: the file then goes to the staged path, which finds and words the
 * problem, or loads the file if there is none.
 */

/** Bytes a count cell may have, digits and spaces together: MAX_COUNT (999,999,999) has nine. */
const MAX_CELL = 9;
const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** 1 for the bytes a count cell may hold: digits and the space. */
const COUNT_BYTE = new Uint8Array(256);
for (let b = 0x30; b <= 0x39; b++) COUNT_BYTE[b] = 1;
COUNT_BYTE[0x20] = 1;
/** 1 for the bytes that do not end an unquoted text cell. */
const TEXT_BYTE = new Uint8Array(256).fill(1);
for (const b of [COMMA, QUOTE, LF, CR]) TEXT_BYTE[b] = 0;

export class CountCellScan {
  /** 1 where the column (by position) holds a count. */
  readonly #isCount: Uint8Array;
  readonly #columns: number;
  #inHeader = true;
  #quoted = false;
  /** The current field's position in its record. */
  #field = 0;
  /** Whether the current record has any byte yet (a blank line, which DuckDB skips, has none). */
  #started = false;
  /** The last chunk ended with a carriage return: the next byte must be a line feed. */
  #pendingCr = false;
  /** Bytes of the current count cell so far (digits and spaces). */
  #cellBytes = 0;
  #ok = true;

  /** `countColumns`: the positions of the count columns among `columns` columns. */
  constructor(columns: number, countColumns: number[]) {
    this.#columns = columns;
    this.#isCount = new Uint8Array(columns + 1);
    for (const i of countColumns) this.#isCount[i] = 1;
  }

  /** Feeds the next bytes of the file. */
  update(chunk: Uint8Array): void {
    if (!this.#ok) return;
    const n = chunk.length;
    let i = 0;
    if (this.#inHeader) {
      // The header line: up to the first line feed outside quotes.
      for (; i < n; i++) {
        const b = chunk[i];
        if (b === QUOTE) this.#quoted = !this.#quoted;
        else if (b === LF && !this.#quoted) break;
      }
      if (i === n) return;
      i++;
      this.#inHeader = false;
      this.#quoted = false;
    }
    if (this.#pendingCr && i < n) {
      if (chunk[i] !== LF) return this.#fail();
      this.#pendingCr = false;
    }
    const isCount = this.#isCount;
    const last = this.#columns - 1;
    let quoted = this.#quoted;
    let field = this.#field;
    let started = this.#started;
    let count = isCount[field] === 1;
    let cellBytes = this.#cellBytes;
    while (i < n) {
      const from = i;
      // Run over the bytes that cannot end the cell, leaving `i` at the one that may.
      if (count && !quoted) {
        // Count cells one after another, their commas taken here: most of a record's bytes.
        while (i < n) {
          const c = chunk[i] as number;
          if (COUNT_BYTE[c] === 1) {
            if (++cellBytes > MAX_CELL) return this.#fail();
          } else if (c === COMMA) {
            if (++field > last) return this.#fail();
            cellBytes = 0;
            if (isCount[field] !== 1) {
              count = false;
              break;
            }
          } else break;
          i++;
        }
        if (!count) {
          // A text field follows: its comma was taken above.
          started = true;
          i++;
          continue;
        }
      } else if (count) {
        while (i < n && COUNT_BYTE[chunk[i] as number] === 1) i++;
        cellBytes += i - from;
        if (cellBytes > MAX_CELL) return this.#fail();
      } else if (quoted) {
        const q = chunk.indexOf(QUOTE, i);
        i = q < 0 ? n : q;
      } else {
        while (i < n && TEXT_BYTE[chunk[i] as number] === 1) i++;
      }
      if (i > from) started = true;
      if (i === n) break;
      const b = chunk[i] as number;
      if (b === QUOTE) {
        quoted = !quoted;
        started = true;
      } else if (quoted && count) {
        // Inside quotes a comma or a line end is part of the cell: not a count.
        return this.#fail();
      } else if (b === COMMA) {
        if (++field > last) return this.#fail();
        count = isCount[field] === 1;
        cellBytes = 0;
        started = true;
      } else if (b === LF || b === CR) {
        if (started && field !== last) return this.#fail();
        field = 0;
        count = isCount[0] === 1;
        cellBytes = 0;
        started = false;
        if (b === CR) {
          // Only as part of CRLF: a lone carriage return DuckDB might read otherwise.
          if (i + 1 === n) this.#pendingCr = true;
          else if (chunk[i + 1] !== LF) return this.#fail();
          else i++;
        }
      } else return this.#fail();
      i++;
    }
    this.#quoted = quoted;
    this.#field = field;
    this.#started = started;
    this.#cellBytes = cellBytes;
  }

  /** True when every record had the right number of fields and every count cell only digits and spaces. */
  ok(): boolean {
    if (!this.#ok || this.#inHeader || this.#quoted || this.#pendingCr) return false;
    return !this.#started || this.#field === this.#columns - 1;
  }

  #fail(): void {
    this.#ok = false;
  }
}
