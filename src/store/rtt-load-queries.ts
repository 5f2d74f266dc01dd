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
  /** Columns holding counts (read as text, checked to be whole numbers, cast to UBIGINT). */
  countColumns: string[];
  /** Physical lines before the header line (the pre-2017 preamble). */
  skip: number;
}

export const STAGE_TABLE = "rtt_stage";
const REJECTS = "rtt_stage_rejects";
const REJECT_SCANS = "rtt_stage_reject_scans";

/** A count cell is blank or a whole number (spaces around it allowed); checked per row at once. */
const WHOLE_NUMBERS = "( *[0-9]+ *)?(,( *[0-9]+ *)?)*";

/** SQL string literal. */
export const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;
/** SQL quoted identifier. */
export const sqlIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/**
 * Reads a CSV into the temporary table `rtt_stage` (one row per data row, `rowid` in file order):
 * text columns as VARCHAR, count columns cast to UBIGINT, plus `bad_cells` holding the raw count
 * cells of any row with a cell that is not a whole number. Lines DuckDB cannot parse are recorded
 * (line and column) for `firstCsvReject`. Returns the number of staged rows.
 */
export async function stageRttCsv(store: Store, o: StageOptions): Promise<number> {
  await dropStage(store);
  const counts = new Set(o.countColumns);
  const types = o.columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(", ");
  const select = o.columns
    .map((c) =>
      counts.has(c) ? `TRY_CAST(${sqlIdent(c)} AS UBIGINT) AS ${sqlIdent(c)}` : sqlIdent(c),
    )
    .join(", ");
  const raw = o.countColumns.map(sqlIdent).join(", ");
  await store.run(
    `CREATE TEMP TABLE ${STAGE_TABLE} AS
     SELECT ${select},
            CASE WHEN NOT regexp_full_match(concat_ws(',', ${raw}), '${WHOLE_NUMBERS}')
                 THEN [${raw}] END AS bad_cells
     FROM read_csv(${sqlString(o.csvPath)}, header = true, skip = ${o.skip}, delim = ',',
                   quote = '"', escape = '"', auto_detect = false, all_varchar = false,
                   columns = {${types}}, store_rejects = true,
                   rejects_table = '${REJECTS}', rejects_scan = '${REJECT_SCANS}')`,
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

/** The first staged row (by `rowid`) with a count cell that is not a whole number, and its cells. */
export async function firstBadCountRow(
  store: Store,
): Promise<{ rowid: number; cells: (string | null)[] } | undefined> {
  return store.one(
    `SELECT rowid, bad_cells AS cells FROM ${STAGE_TABLE} WHERE bad_cells IS NOT NULL
     ORDER BY rowid LIMIT 1`,
  );
}

/** A row-level problem in the staged rows: a blank required cell, an unknown part type, a huge band. */
export interface StagedProblem {
  rowid: number;
  kind: "blank" | "part" | "too-large";
  column: string;
  value: string | null;
}

/** Largest count a week band may hold (`rtt_row.bands` is INTEGER[]). */
export const MAX_BAND_COUNT = 2147483647;

/**
 * The first staged row with a blank cell in one of `required`, a part type outside `partTypes`, or
 * a week band above MAX_BAND_COUNT.
 */
export async function firstStagedProblem(
  store: Store,
  o: { required: string[]; partColumn: string; partTypes: string[]; bands: string[] },
): Promise<StagedProblem | undefined> {
  const parts = o.partTypes.map(sqlString).join(", ");
  const over = (b: string) => `${sqlIdent(b)} > ${MAX_BAND_COUNT}`;
  const firstOver = (then: (b: string) => string) =>
    `CASE ${o.bands.map((b) => `WHEN ${over(b)} THEN ${then(b)}`).join(" ")} END`;
  const checks = [
    ...o.required.map(
      (c) => `SELECT rowid, 'blank' AS kind, ${sqlString(c)} AS "column", NULL::VARCHAR AS value
              FROM ${STAGE_TABLE} WHERE ${sqlIdent(c)} IS NULL OR trim(${sqlIdent(c)}::VARCHAR) = ''`,
    ),
    `SELECT rowid, 'part', ${sqlString(o.partColumn)}, ${sqlIdent(o.partColumn)} FROM ${STAGE_TABLE}
     WHERE ${sqlIdent(o.partColumn)} NOT IN (${parts})`,
    `SELECT rowid, 'too-large', ${firstOver(sqlString)}, ${firstOver((b) => `${sqlIdent(b)}::VARCHAR`)}
     FROM ${STAGE_TABLE} WHERE ${o.bands.map(over).join(" OR ")}`,
  ];
  return store.one<StagedProblem>(
    `SELECT * FROM (${checks.join(" UNION ALL ")}) ORDER BY rowid, kind LIMIT 1`,
  );
}

/** The distinct period values of the staged rows (`Period`, or `Year` + `Period Name`), first rows first. */
export async function stagedPeriods(
  store: Store,
  columns: { period?: string; year?: string; periodName?: string },
): Promise<{ period: string | null; year: string | null; rowid: number }[]> {
  const period = sqlIdent(columns.period ?? columns.periodName ?? "Period");
  const year = columns.year ? sqlIdent(columns.year) : "NULL::VARCHAR";
  return store.all(
    `SELECT ${period} AS period, ${year} AS year, min(rowid) AS rowid FROM ${STAGE_TABLE}
     GROUP BY ALL ORDER BY rowid`,
  );
}

/** Warning kinds (DESIGN §2: report any group whose C_999 row disagrees with its treatment functions). */
export const RTT_WARNING_KINDS = [
  "total-vs-bands",
  "total-all-vs-total-plus-unknown",
  "total-all-vs-bands",
  "c999-vs-treatment-functions",
] as const;
export type RttWarningKind = (typeof RTT_WARNING_KINDS)[number];

function warningsSql(m: RttColumnMap): string {
  const c = (name: string) => sqlIdent(name);
  const bandSum = `(${m.bands.map((b) => `COALESCE(${c(b)}, 0)`).join(" + ")})`;
  const where = `${c(m.providerCode)} || ' / ' || ${c(m.commissionerCode)} || ' ' || ${c(m.part)} || ' ' || ${c(m.tfCode)}`;
  const completed = `${c(m.part)} IN ('Part_1A', 'Part_1B')`;
  const total = `COALESCE(${c(m.total)}, 0)`;
  const unknown = `COALESCE(${c(m.unknownStart)}, 0)`;
  return `
    SELECT 'total-vs-bands' AS kind, rowid,
           ${where} || ': Total ' || ${total} || ' but the week bands sum to ' || ${bandSum} AS detail
    FROM ${STAGE_TABLE} WHERE ${completed} AND ${total} <> ${bandSum}
    UNION ALL
    SELECT 'total-all-vs-total-plus-unknown', rowid,
           ${where} || ': Total All ' || ${c(m.totalAll)} || ' but Total + unknown clock start = '
             || (${total} + ${unknown})
    FROM ${STAGE_TABLE} WHERE ${completed} AND ${c(m.totalAll)} <> ${total} + ${unknown}
    UNION ALL
    SELECT 'total-all-vs-bands', rowid,
           ${where} || ': Total All ' || ${c(m.totalAll)} || ' but the week bands sum to ' || ${bandSum}
    FROM ${STAGE_TABLE}
    WHERE ${c(m.part)} IN ('Part_2', 'Part_2A') AND ${c(m.totalAll)} <> ${bandSum}
    UNION ALL
    SELECT 'c999-vs-treatment-functions', first_row,
           provider || ' / ' || commissioner || ' ' || part || ': C_999 Total All ' || c999
             || ' but the treatment functions sum to ' || tfs
    FROM (
      SELECT ${c(m.providerCode)} AS provider, ${c(m.commissionerCode)} AS commissioner,
             ${c(m.part)} AS part, min(rowid) AS first_row,
             sum(${c(m.totalAll)}) FILTER (WHERE ${c(m.tfCode)} = 'C_999') AS c999,
             COALESCE(sum(${c(m.totalAll)}) FILTER (WHERE ${c(m.tfCode)} <> 'C_999'), 0) AS tfs
      FROM ${STAGE_TABLE} GROUP BY ALL
    ) WHERE c999 IS NOT NULL AND c999 <> tfs`;
}

function insertRowsSql(m: RttColumnMap): string {
  const c = (name: string) => sqlIdent(name);
  const anyBand = `COALESCE(${m.bands.map(c).join(", ")})`;
  const bands = `[${m.bands.map((b) => `COALESCE(${c(b)}, 0)`).join(", ")}]::INTEGER[]`;
  return `
    INSERT INTO rtt_row
    SELECT $1, ${c(m.providerParentCode)}, ${c(m.providerParentName)}, ${c(m.providerCode)},
           ${c(m.providerName)}, ${c(m.commissionerParentCode)}, ${c(m.commissionerParentName)},
           ${c(m.commissionerCode)}, ${c(m.commissionerName)}, ${c(m.part)}, ${c(m.partDescription)},
           ${c(m.tfCode)}, ${c(m.tfName)},
           CASE WHEN ${c(m.part)} = 'Part_3' OR ${anyBand} IS NULL THEN NULL ELSE ${bands} END,
           ${c(m.total)}, ${c(m.unknownStart)}, ${c(m.totalAll)}
    FROM ${STAGE_TABLE}`;
}

/** What `rtt_period` records about a loaded file. */
export interface RttPeriodRecord {
  month: string;
  periodLabel: string;
  era: string;
  sourceFile: string;
  checksum: string;
  revised: boolean;
  loadedAt: Date;
}

/** Outcome of replacing one period. */
export interface ReplacedPeriod {
  rows: number;
  warnings: number;
  synthetic: boolean;
}

/**
 * Replaces a month in one transaction: deletes what the store held for it, copies the staged rows
 * into `rtt_row` (bands as a list, blanks → 0, NULL for Part_3 and all-blank rows), records the
 * consistency warnings computed over the staged rows, and writes the `rtt_period` row. A failure
 * rolls everything back.
 */
export async function replaceRttPeriod(
  store: Store,
  map: RttColumnMap,
  p: RttPeriodRecord,
): Promise<ReplacedPeriod> {
  return store.transaction(async () => {
    for (const table of ["rtt_row", "rtt_warning", "rtt_period"])
      await store.run(`DELETE FROM ${table} WHERE month = $1`, [p.month]);
    await store.run(insertRowsSql(map), [p.month]);
    await store.run(
      `INSERT INTO rtt_warning SELECT $1, kind, detail FROM (${warningsSql(map)}) ORDER BY rowid, kind`,
      [p.month],
    );
    const facts = await store.one<{ rows: number; synthetic: boolean; warnings: number }>(
      `SELECT count(*) AS rows,
              COALESCE(bool_or(contains(upper(${sqlIdent(map.providerName)}), 'SYNTHETIC')), false)
                AS synthetic,
              (SELECT count(*) FROM rtt_warning WHERE month = $1) AS warnings
       FROM ${STAGE_TABLE}`,
      [p.month],
    );
    const { rows = 0, synthetic = false, warnings = 0 } = facts ?? {};
    const bandCount = map.bands.length;
    await store.run(
      `INSERT INTO rtt_period VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CAST($12 AS TIMESTAMP))`,
      [
        p.month,
        p.periodLabel,
        p.era,
        bandCount,
        bandCount - 1,
        p.sourceFile,
        p.checksum,
        p.revised,
        synthetic,
        rows,
        warnings,
        p.loadedAt.toISOString().replace("T", " ").replace("Z", ""),
      ],
    );
    return { rows, warnings, synthetic };
  });
}
