/**
 * A small XLSX (Office Open XML spreadsheet) writer for the report's workbook, the web pages'
 * downloads and the registry export: sheets of strings,
 * numbers and blanks with column widths and number formats, styled rows (bold, colour, fill,
 * alignment, height), merged cells, frozen panes and an auto-filter. It writes the parts Excel,
 * LibreOffice and exceljs read, deflated by Node's zlib through yazl. exceljs wrote the same
 * workbook before; it took about 1.5 s of a 4 s report to load and write (docs/report.md).
 */
import yazl from "yazl";

export type XlsxValue = string | number | null | undefined;

export interface XlsxRowStyle {
  bold?: boolean;
  /** Font colour, ARGB (e.g. FFFFFFFF). */
  color?: string;
  /** Solid fill, ARGB. */
  fill?: string;
  vertical?: "top" | "middle";
  wrapText?: boolean;
  height?: number;
  /** The row's cells take this style alone, not their column's number format and alignment. */
  alone?: boolean;
}

export interface XlsxSheet {
  /** Up to 31 characters, none of []:*?/\ (Excel's rule). */
  name: string;
  /** Column widths in characters, one per column. */
  widths: number[];
  /** Number format of each column's cells (undefined: General). */
  numFmts?: Array<string | undefined>;
  /** Alignment (and bold type) of each column's cells. */
  alignments?: Array<Pick<XlsxRowStyle, "vertical" | "wrapText" | "bold"> | undefined>;
  rows: XlsxValue[][];
  /** Styles of rows by their 1-based number; every column of a styled row is styled. */
  rowStyles?: Map<number, XlsxRowStyle>;
  /** Frozen columns and rows. */
  freeze?: { columns: number; rows: number };
  /** Merged ranges as [first row, first column, last row, last column], 1-based. */
  merges?: Array<[number, number, number, number]>;
  /** Auto-filter on a header row (1-based) across every column. */
  autoFilterRow?: number;
}

export interface XlsxWorkbook {
  creator: string;
  title: string;
  created: Date;
  sheets: XlsxSheet[];
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

/** Text as XML character data: escaped, and without the control characters XML 1.0 forbids. */
export function xmlText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

/** A1-style column letters of a 1-based column number. */
export function columnLetters(column: number): string {
  let n = column;
  let out = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

const address = (row: number, column: number) => `${columnLetters(column)}${row}`;

/** Fonts, fills, number formats and cell formats, each stored once and referred to by index. */
class Styles {
  readonly fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'];
  readonly fills = [
    '<fill><patternFill patternType="none"/></fill>',
    '<fill><patternFill patternType="gray125"/></fill>',
  ];
  readonly numFmts: string[] = [];
  readonly xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];

  #index(list: string[], xml: string): number {
    const at = list.indexOf(xml);
    if (at >= 0) return at;
    list.push(xml);
    return list.length - 1;
  }

  /** The cell format index of a number format, row style and alignment (0: none). */
  xf(numFmt: string | undefined, style: XlsxRowStyle | undefined): number {
    if (numFmt === undefined && style === undefined) return 0;
    const s = style ?? {};
    const font =
      s.bold || s.color
        ? this.#index(
            this.fonts,
            `<font>${s.bold ? "<b/>" : ""}<sz val="11"/>${s.color ? `<color rgb="${s.color}"/>` : ""}<name val="Calibri"/><family val="2"/></font>`,
          )
        : 0;
    const fill = s.fill
      ? this.#index(
          this.fills,
          `<fill><patternFill patternType="solid"><fgColor rgb="${s.fill}"/><bgColor indexed="64"/></patternFill></fill>`,
        )
      : 0;
    const fmt = numFmt === undefined ? 0 : 164 + this.#index(this.numFmts, xmlText(numFmt));
    const align =
      s.vertical || s.wrapText
        ? `<alignment${s.vertical ? ` vertical="${s.vertical === "middle" ? "center" : "top"}"` : ""}${s.wrapText ? ' wrapText="1"' : ""}/>`
        : "";
    const xml =
      `<xf numFmtId="${fmt}" fontId="${font}" fillId="${fill}" borderId="0" xfId="0"` +
      `${fmt ? ' applyNumberFormat="1"' : ""}${font ? ' applyFont="1"' : ""}${fill ? ' applyFill="1"' : ""}` +
      (align ? ` applyAlignment="1">${align}</xf>` : "/>");
    return this.#index(this.xfs, xml);
  }

  xml(): string {
    const list = (tag: string, items: string[]) =>
      `<${tag} count="${items.length}">${items.join("")}</${tag}>`;
    const numFmts = this.numFmts.map(
      (code, i) => `<numFmt numFmtId="${164 + i}" formatCode="${code}"/>`,
    );
    return (
      `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
      (numFmts.length > 0 ? list("numFmts", numFmts) : "") +
      list("fonts", this.fonts) +
      list("fills", this.fills) +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      list("cellXfs", this.xfs) +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      "</styleSheet>"
    );
  }
}

/** Strings stored once, in order of first use. */
class SharedStrings {
  readonly #index = new Map<string, number>();
  #count = 0;

  ref(s: string): number {
    this.#count++;
    let at = this.#index.get(s);
    if (at === undefined) {
      at = this.#index.size;
      this.#index.set(s, at);
    }
    return at;
  }

  xml(): string {
    const items = [...this.#index.keys()].map((s) => {
      const space = /^\s|\s$/.test(s) ? ' xml:space="preserve"' : "";
      return `<si><t${space}>${xmlText(s)}</t></si>`;
    });
    return `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.#count}" uniqueCount="${items.length}">${items.join("")}</sst>`;
  }
}

function paneXml(freeze: XlsxSheet["freeze"]): string {
  const x = freeze?.columns ?? 0;
  const y = freeze?.rows ?? 0;
  if (x === 0 && y === 0) return '<sheetView workbookViewId="0"/>';
  const pane = x > 0 && y > 0 ? "bottomRight" : x > 0 ? "topRight" : "bottomLeft";
  return (
    `<sheetView workbookViewId="0"><pane${x > 0 ? ` xSplit="${x}"` : ""}${y > 0 ? ` ySplit="${y}"` : ""}` +
    ` topLeftCell="${address(y + 1, x + 1)}" activePane="${pane}" state="frozen"/>` +
    `<selection pane="${pane}"/></sheetView>`
  );
}

function sheetXml(sheet: XlsxSheet, styles: Styles, strings: SharedStrings): string {
  const columns = Math.max(sheet.widths.length, ...sheet.rows.map((r) => r.length), 1);
  const columnXf = Array.from({ length: columns }, (_, i) =>
    styles.xf(sheet.numFmts?.[i], sheet.alignments?.[i]),
  );
  const cols = sheet.widths.map((w, i) => {
    const style = columnXf[i] ? ` style="${columnXf[i]}"` : "";
    return `<col min="${i + 1}" max="${i + 1}" width="${w}"${style} customWidth="1"/>`;
  });
  const rows: string[] = [];
  sheet.rows.forEach((values, r) => {
    const rowNumber = r + 1;
    const rowStyle = sheet.rowStyles?.get(rowNumber);
    const cells: string[] = [];
    const last = rowStyle ? columns : values.length;
    for (let c = 0; c < last; c++) {
      const value = values[c];
      const ref = address(rowNumber, c + 1);
      const xf = !rowStyle
        ? (columnXf[c] ?? 0)
        : rowStyle.alone
          ? styles.xf(undefined, rowStyle)
          : styles.xf(sheet.numFmts?.[c], { ...sheet.alignments?.[c], ...rowStyle });
      const s = xf ? ` s="${xf}"` : "";
      if (typeof value === "number" && Number.isFinite(value)) {
        cells.push(`<c r="${ref}"${s}><v>${value}</v></c>`);
      } else if (typeof value === "string") {
        cells.push(`<c r="${ref}"${s} t="s"><v>${strings.ref(value)}</v></c>`);
      } else if (s) {
        cells.push(`<c r="${ref}"${s}/>`);
      }
    }
    const height = rowStyle?.height ? ` ht="${rowStyle.height}" customHeight="1"` : "";
    rows.push(`<row r="${rowNumber}"${height}>${cells.join("")}</row>`);
  });
  const lastRow = Math.max(sheet.rows.length, 1);
  const filter =
    sheet.autoFilterRow !== undefined
      ? `<autoFilter ref="${address(sheet.autoFilterRow, 1)}:${address(sheet.autoFilterRow, columns)}"/>`
      : "";
  const merges = sheet.merges ?? [];
  const mergeXml =
    merges.length > 0
      ? `<mergeCells count="${merges.length}">${merges
          .map(([r1, c1, r2, c2]) => `<mergeCell ref="${address(r1, c1)}:${address(r2, c2)}"/>`)
          .join("")}</mergeCells>`
      : "";
  return (
    `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<dimension ref="A1:${address(lastRow, columns)}"/>` +
    `<sheetViews>${paneXml(sheet.freeze)}</sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols.length > 0 ? `<cols>${cols.join("")}</cols>` : "") +
    `<sheetData>${rows.join("")}</sheetData>` +
    filter +
    mergeXml +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    "</worksheet>"
  );
}

/** W3C date-time without milliseconds, as Office writes it. */
const w3cdtf = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * The workbook as the bytes of an .xlsx file. Entries carry `created` as their time, so the same
 * workbook gives the same bytes.
 */
export async function xlsxBytes(workbook: XlsxWorkbook): Promise<Buffer> {
  const styles = new Styles();
  const strings = new SharedStrings();
  const sheets = workbook.sheets.map((s) => sheetXml(s, styles, strings));
  const n = sheets.length;
  const entries: Array<[string, string]> = [
    [
      "[Content_Types].xml",
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT_SHEET}"/>`,
          )
          .join("") +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        "</Types>",
    ],
    [
      "_rels/.rels",
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
        `<Relationship Id="rId2" Type="${PKG_REL_NS}/metadata/core-properties" Target="docProps/core.xml"/>` +
        "</Relationships>",
    ],
    [
      "docProps/core.xml",
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>${xmlText(workbook.creator)}</dc:creator><dc:title>${xmlText(workbook.title)}</dc:title>` +
        `<dcterms:created xsi:type="dcterms:W3CDTF">${w3cdtf(workbook.created)}</dcterms:created>` +
        `<dcterms:modified xsi:type="dcterms:W3CDTF">${w3cdtf(workbook.created)}</dcterms:modified>` +
        "</cp:coreProperties>",
    ],
    [
      "xl/workbook.xml",
      `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>` +
        workbook.sheets
          .map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
          .join("") +
        "</sheets></workbook>",
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
        sheets
          .map(
            (_, i) =>
              `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join("") +
        `<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId${n + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>` +
        "</Relationships>",
    ],
    ...sheets.map((xml, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, xml]),
    ["xl/styles.xml", styles.xml()],
    ["xl/sharedStrings.xml", strings.xml()],
  ];
  const zip = new yazl.ZipFile();
  for (const [name, xml] of entries) {
    zip.addBuffer(Buffer.from(xml, "utf8"), name, {
      mtime: workbook.created,
      forceDosTimestamp: true,
      compressionLevel: 6,
    });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
