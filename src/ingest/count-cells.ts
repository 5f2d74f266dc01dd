/**
 * The one-pass load's digits check, made on the bytes as they go by (while the file is hashed or
 * unpacked) instead of in SQL: there, joining a row's 108 count cells and translating the result
 * cost about a tenth of the month's CPU. `CAST(… AS INTEGER)` accepts `+3`, `1e5`, `1.5`, `1_000`,
 * `0x10` and a tab around the digits; this scan refuses every count cell holding anything but
 * digits and spaces, so the load keeps only what the staged path accepts.
 *
 * It splits records and fields as DuckDB's reader does with `quote = '"', escape = '"'` (a quote
 * toggles quoting; `""` inside quotes toggles it twice) and starts after the header line, so it is
 * used only for files without a preamble. Whatever it cannot follow (a record with the wrong number
 * of fields, a carriage return not followed by a line feed, a cell with a comma or a quote inside
 * quotes) makes it answer false: the file then goes to the staged path, which finds and words the
 * problem, or loads the file if there is none.
 */

const OTHER = 0;
const DIGIT = 1; // digits and the space
const COMMA = 2;
const QUOTE = 3;
const LF = 4;
const CR = 5;

const CLASS = new Uint8Array(256);
for (let b = 0x30; b <= 0x39; b++) CLASS[b] = DIGIT;
CLASS[0x20] = DIGIT;
CLASS[0x2c] = COMMA;
CLASS[0x22] = QUOTE;
CLASS[0x0a] = LF;
CLASS[0x0d] = CR;

export class CountCellScan {
  /** 1 where the column (by position) holds a count. */
  readonly #isCount: Uint8Array;
  readonly #columns: number;
  #inHeader = true;
  #quoted = false;
  /** The current field's position in its record. */
  #field = 0;
  /** Bytes seen in the current record (0: a blank line, which DuckDB skips). */
  #recordBytes = 0;
  #pendingCr = false;
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
    let i = 0;
    const n = chunk.length;
    if (this.#inHeader) {
      // The header line: up to the first line feed outside quotes.
      for (; i < n; i++) {
        const b = chunk[i] ?? 0;
        if (b === 0x22) this.#quoted = !this.#quoted;
        else if (b === 0x0a && !this.#quoted) break;
      }
      if (i === n) return;
      i++;
      this.#inHeader = false;
      this.#quoted = false;
    }
    const isCount = this.#isCount;
    const columns = this.#columns;
    let quoted = this.#quoted;
    let field = this.#field;
    let recordBytes = this.#recordBytes;
    let pendingCr = this.#pendingCr;
    let count = isCount[field] === 1;
    for (; i < n; i++) {
      const cls = CLASS[chunk[i] ?? 0] ?? OTHER;
      if (pendingCr) {
        if (cls !== LF) return this.#fail();
        pendingCr = false;
      }
      if (cls === DIGIT) {
        recordBytes++;
        continue;
      }
      if (cls === QUOTE) {
        quoted = !quoted;
        recordBytes++;
        continue;
      }
      if (quoted) {
        // Inside quotes every byte is the field's: in a count cell only digits and spaces may be.
        if (count) return this.#fail();
        recordBytes++;
        continue;
      }
      if (cls === COMMA) {
        field++;
        if (field >= columns) return this.#fail();
        count = isCount[field] === 1;
        recordBytes++;
      } else if (cls === LF) {
        if (recordBytes > 0 && field !== columns - 1) return this.#fail();
        field = 0;
        count = isCount[0] === 1;
        recordBytes = 0;
      } else if (cls === CR) {
        pendingCr = true;
      } else {
        if (count) return this.#fail();
        recordBytes++;
      }
    }
    this.#quoted = quoted;
    this.#field = field;
    this.#recordBytes = recordBytes;
    this.#pendingCr = pendingCr;
  }

  /** True when every record had the right number of fields and every count cell only digits and spaces. */
  ok(): boolean {
    if (!this.#ok || this.#inHeader || this.#quoted || this.#pendingCr) return false;
    return this.#recordBytes === 0 || this.#field === this.#columns - 1;
  }

  #fail(): void {
    this.#ok = false;
  }
}
