import type { Store } from "./db.ts";

/**
 * Staging and loading of one RTT Full CSV extract. DuckDB parses the file (`read_csv` with the column
 * names and types taken from the detected header); the staged rows are checked and warned about in
 * SQL, then copied into `rtt_row` with one INSERT … SELECT.
 */

/** Which file column holds each field of `rtt_row` (names as in the header of the file's era). */
export interface RttColumnMap {
  /** `Period` (October 2017 on); absent in the older layout, which has `year` + `periodName`. */
  period?: string;
  year?: string;
  periodName?: string;
  providerParentCode: string;
  providerParentName: string;
  providerCode: string;
  providerName: string;
  commissionerParentCode: string;
  commissionerParentName: string;
  commissionerCode: string;
  commissionerName: string;
  part: string;
  partDescription: string;
  tfCode: string;
  tfName: string;
  /** Week-band columns in band order (0–1 weeks first, the open band last). */
  bands: string[];
  total: string;
  unknownStart: string;
  totalAll: string;
}

export interface StageOptions {
  /** The CSV file DuckDB reads. */
  csvPath: string;
  /** Every column of the file, in file order. */
  columns: string[];
  map: RttColumnMap;
  /** Physical lines before the header line (the pre-2017 preamble). */
  skip: number;
}

export const STAGE_TABLE = "rtt_stage";
const REJECTS = "rtt_stage_rejects";
const REJECT_SCANS = "rtt_stage_reject_scans";

/** Largest count accepted in a cell (9 digits: `rtt_row.bands` is INTEGER[]). */
export const MAX_COUNT = 999_999_999;

/** SQL true when the cells hold nothing but digits and spaces (NULL cells count as empty). */
export const digitsOnly = (cells: string[]): string =>
  `translate(concat(${cells.join(", ")}), '0123456789 ', '') = ''`;

/**
 * SQL true when every count cell of a row is blank or a whole number from 0 to MAX_COUNT (spaces
 * around allowed). Typed checks, cell by cell: the cells hold only digits and spaces (`translate` of
 * their concatenation leaves nothing: no sign, point, exponent, separator or underscore, which
 * DuckDB's cast would otherwise accept or round) and each one casts to an INTEGER no larger than
 * MAX_COUNT. Joining the cells with a separator and matching one pattern would be fooled by a cell
 * that holds the separator (`"1,234"` read as two cells).
 */
export function countCellsOk(cells: string[]): string {
  const digits = digitsOnly(cells);
  const each = cells.map(
    (c) => `(${c} IS NULL OR COALESCE(TRY_CAST(${c} AS INTEGER) <= ${MAX_COUNT}, false))`,
  );
  return [digits, ...each].join(" AND ");
}

/** SQL string literal. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;
/** SQL quoted identifier. */
export const sqlIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** The count columns of a layout in the order `firstBadCountRow` returns their cells. */
export const countColumnsOf = (m: RttColumnMap): string[] => [
  ...m.bands,
  m.total,
  m.unknownStart,
  m.totalAll,
];

/** The text fields of `rtt_row` (and `period`, `year`) and the file column each comes from. */
export function textColumns(m: RttColumnMap): [string, string | undefined][] {
  return [
    ["period", m.period ?? m.periodName],
    ["year", m.year],
    ["provider_parent_code", m.providerParentCode],
    ["provider_parent_name", m.providerParentName],
    ["provider_code", m.providerCode],
    ["provider_name", m.providerName],
    ["commissioner_parent_code", m.commissionerParentCode],
    ["commissioner_parent_name", m.commissionerParentName],
    ["commissioner_code", m.commissionerCode],
    ["commissioner_name", m.commissionerName],
    ["part", m.part],
    ["part_description", m.partDescription],
    ["tf_code", m.tfCode],
    ["tf_name", m.tfName],
  ];
}

function stageSelect(m: RttColumnMap): string {
  const c = sqlIdent;
  const text = textColumns(m);
  const counts = countColumnsOf(m).map(c).join(", ");
  const bands = `[${m.bands.map((b) => `COALESCE(TRY_CAST(${c(b)} AS INTEGER), 0)`).join(", ")}]`;
  return [
    ...text.map(([as, col]) => `${col === undefined ? "NULL::VARCHAR" : c(col)} AS ${as}`),
    `CASE WHEN ${c(m.part)} = 'Part_3' OR COALESCE(${m.bands.map(c).join(", ")}) IS NULL
          THEN NULL ELSE ${bands} END AS bands`,
    `TRY_CAST(${c(m.total)} AS UBIGINT) AS total`,
    `TRY_CAST(${c(m.unknownStart)} AS UBIGINT) AS unknown_start`,
    `TRY_CAST(${c(m.totalAll)} AS UBIGINT) AS total_all`,
    `CASE WHEN NOT (${countCellsOk(countColumnsOf(m).map(c))}) THEN [${counts}] END AS bad_cells`,
  ].join(",\n");
}

/**
 * Reads a CSV into the temporary table `rtt_stage`, already in the shape of `rtt_row` (one row per
 * data row, `rowid` in file order): text columns as read; `bands` built with a list constructor of
 * the week-band columns in band order (a blank cell is 0; NULL for Part_3 and rows whose band cells
 * are all blank); totals as UBIGINT (blank → NULL); `bad_cells` holding the raw count cells of any
 * row with a cell that is not a whole number up to MAX_COUNT. Lines DuckDB cannot parse are
 * recorded (line and column) for `firstCsvReject`. Returns the number of staged rows.
 */
export async function stageRttCsv(store: Store, o: StageOptions): Promise<number> {
  await dropStage(store);
  const types = o.columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(", ");
  await store.run(
    `CREATE TEMP TABLE ${STAGE_TABLE} AS
     SELECT ${stageSelect(o.map)}
     FROM read_csv(${sqlString(o.csvPath)}, header = true, skip = ${o.skip}, delim = ',',
                   quote = '"', escape = '"', auto_detect = false, columns = {${types}},
                   store_rejects = true, rejects_table = '${REJECTS}',
                   rejects_scan = '${REJECT_SCANS}')`,
  );
  const row = await store.one<{ n: number }>(`SELECT count(*) AS n FROM ${STAGE_TABLE}`);
  return row?.n ?? 0;
}

/** Drops the staging tables of the last load. */
export async function dropStage(store: Store): Promise<void> {
  await store.run(
    `DROP TABLE IF EXISTS ${STAGE_TABLE}; DROP TABLE IF EXISTS ${REJECTS}; DROP TABLE IF EXISTS ${REJECT_SCANS}`,
  );
}

/** A line DuckDB could not read: wrong number of fields, bad quoting, invalid UTF-8. */
export interface CsvReject {
  line: number;
  column: string | null;
  errorType: string;
  message: string;
}

/** The first line of the last staged file that DuckDB rejected, if any. */
export async function firstCsvReject(store: Store): Promise<CsvReject | undefined> {
  return store.one<CsvReject>(
    `SELECT line, column_name AS "column", error_type AS "errorType", error_message AS message
     FROM ${REJECTS} ORDER BY line LIMIT 1`,
  );
}

/** The first staged row (by `rowid`) with a bad count cell, and its count cells (`countColumnsOf`). */
export async function firstBadCountRow(
  store: Store,
): Promise<{ rowid: number; cells: (string | null)[] } | undefined> {
  return store.one(
    `SELECT rowid, bad_cells AS cells FROM ${STAGE_TABLE} WHERE bad_cells IS NOT NULL
     ORDER BY rowid LIMIT 1`,
  );
}

/** Staged fields that must not be blank. */
export const REQUIRED_FIELDS = [
  "period",
  "provider_code",
  "commissioner_code",
  "part",
  "tf_code",
  "total_all",
] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

/** A row-level problem in the staged rows: a blank required field or an unknown part type. */
export interface StagedProblem {
  rowid: number;
  kind: "blank" | "part";
  field: RequiredField;
  value: string | null;
}

/** The first staged row with a blank required field or a part type outside `partTypes`. */
export async function firstStagedProblem(
  store: Store,
  partTypes: string[],
): Promise<StagedProblem | undefined> {
  const checks = [
    ...REQUIRED_FIELDS.map(
      (f) => `SELECT rowid, 'blank' AS kind, '${f}' AS field, NULL::VARCHAR AS value
              FROM ${STAGE_TABLE} WHERE ${f} IS NULL OR trim(${f}::VARCHAR) = ''`,
    ),
    `SELECT rowid, 'part', 'part', part FROM ${STAGE_TABLE}
     WHERE part NOT IN (${partTypes.map(sqlString).join(", ")})`,
  ];
  return store.one<StagedProblem>(
    `SELECT * FROM (${checks.join(" UNION ALL ")}) ORDER BY rowid, kind LIMIT 1`,
  );
}

/** A staged row whose (provider, commissioner, part, treatment function) repeats an earlier row's. */
export interface RepeatedRow {
  rowid: number;
  firstRowid: number;
  provider: string;
  commissioner: string;
  part: string;
  tf: string;
}

/** The first staged row (in file order) that repeats the key of an earlier one. */
export async function firstRepeatedRow(store: Store): Promise<RepeatedRow | undefined> {
  return store.one<RepeatedRow>(
    `SELECT rowid, first AS "firstRowid", provider_code AS provider,
            commissioner_code AS commissioner, part, tf_code AS tf
     FROM (SELECT rowid, provider_code, commissioner_code, part, tf_code,
                  min(rowid) OVER (PARTITION BY provider_code, commissioner_code, part, tf_code)
                    AS first
           FROM ${STAGE_TABLE})
     WHERE rowid <> first ORDER BY rowid LIMIT 1`,
  );
}

/** The distinct period values of the staged rows (`Period`, or `Period Name` + `Year`), in file order. */
export async function stagedPeriods(
  store: Store,
): Promise<{ period: string | null; year: string | null; rowid: number }[]> {
  return store.all(
    `SELECT period, year, min(rowid) AS rowid FROM ${STAGE_TABLE} GROUP BY ALL ORDER BY rowid`,
  );
}
