/**
 * Builds a small store from hand-made RTT rows, inserted directly (no CSV, no ingest), with the
 * shipped reference geography loaded: the fixture analyses are tested on.
 */
import { ensureReferenceLoaded } from "../../src/geo/reference.ts";
import type { Part } from "../../src/ingest/layout.ts";
import { Store } from "../../src/store/db.ts";
import { summariseMonth } from "../../src/store/rtt-summary.ts";

/** One rtt_row. Week bands may be sparse (`{ 0: 4, 52: 1 }`: week → patients). */
export interface RttRowSpec {
  month: string;
  commissioner: string;
  commissionerName?: string;
  /** Commissioner Parent Org Code on the row; default none (the reference lookup is used). */
  commissionerParent?: string | null;
  /** Default `RXX`. */
  provider?: string;
  providerName?: string;
  part: Part;
  /** Treatment function code; default `C_110`. `C_999` rows given here are kept as they are. */
  tf?: string;
  /** Patients per week band (parts 1A, 1B, 2, 2A); expanded to the period's band count. */
  bands?: number[] | Record<number, number>;
  total?: number | null;
  unknownStart?: number | null;
  /** Default: the sum of the bands. */
  totalAll?: number;
}

export interface PeriodSpec {
  month: string;
  synthetic?: boolean;
  sourceFile?: string;
  checksum?: string;
  /** Default 104 from April 2021, 52 before (the two band layouts). */
  topBandStart?: number;
}

export interface RttStoreOptions {
  /** Periods to record; every month of `rows` gets a default period when not listed. */
  periods?: PeriodSpec[];
  /** Add a C_999 row per (month, provider, commissioner, part) summing its rows (default true), unless the group already has one. */
  totalRows?: boolean;
  /** Store file; default `:memory:`. */
  path?: string;
}

const topBandFor = (month: string) => (month >= "2021-04" ? 104 : 52);

function expandBands(bands: RttRowSpec["bands"], topBandStart: number): number[] | null {
  if (bands === undefined) return null;
  const out = new Array<number>(topBandStart + 1).fill(0);
  const entries = Array.isArray(bands)
    ? bands.map((n, i) => [i, n] as const)
    : Object.entries(bands).map(([k, n]) => [Number(k), n] as const);
  for (const [i, n] of entries) {
    if (i < 0 || i > topBandStart)
      throw new RangeError(`no week band ${i} (top band ${topBandStart})`);
    out[i] = (out[i] ?? 0) + n;
  }
  return out;
}

const str = (v: string | null | undefined) =>
  v === null || v === undefined ? "NULL" : `'${v.replaceAll("'", "''")}'`;
const num = (v: number | null | undefined) => (v === null || v === undefined ? "NULL" : String(v));

interface Row {
  month: string;
  provider: string;
  providerName: string;
  commissioner: string;
  commissionerName: string;
  parent: string | null;
  part: Part;
  tf: string;
  bands: number[] | null;
  total: number | null;
  unknownStart: number | null;
  totalAll: number;
}

function toRow(spec: RttRowSpec, topBandStart: number): Row {
  const bands = expandBands(spec.bands, topBandStart);
  const sum = bands?.reduce((s, n) => s + n, 0) ?? 0;
  return {
    month: spec.month,
    provider: spec.provider ?? "RXX",
    providerName: spec.providerName ?? `Provider ${spec.provider ?? "RXX"}`,
    commissioner: spec.commissioner,
    commissionerName: spec.commissionerName ?? `Commissioner ${spec.commissioner}`,
    parent: spec.commissionerParent ?? null,
    part: spec.part,
    tf: spec.tf ?? "C_110",
    bands: spec.part === "Part_3" ? null : bands,
    total: spec.total ?? null,
    unknownStart: spec.unknownStart ?? null,
    totalAll: spec.totalAll ?? sum,
  };
}

/** C_999 rows summing each (month, provider, commissioner, part) group that has none. */
function totalRowsFor(rows: Row[]): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    const key = [r.month, r.provider, r.commissioner, r.part].join("|");
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out: Row[] = [];
  for (const members of groups.values()) {
    if (members.some((r) => r.tf === "C_999")) continue;
    const first = members[0] as Row;
    const add = (k: "total" | "unknownStart") =>
      members.every((r) => r[k] === null) ? null : members.reduce((s, r) => s + (r[k] ?? 0), 0);
    const withBands = members.filter((r) => r.bands !== null);
    out.push({
      ...first,
      tf: "C_999",
      bands:
        withBands.length === 0
          ? null
          : withBands.reduce(
              (acc, r) => acc.map((n, i) => n + (r.bands?.[i] ?? 0)),
              new Array<number>(withBands[0]?.bands?.length ?? 0).fill(0),
            ),
      total: add("total"),
      unknownStart: add("unknownStart"),
      totalAll: members.reduce((s, r) => s + r.totalAll, 0),
    });
  }
  return out;
}

/**
 * An open store holding `rows` (plus their C_999 total rows) and a period for every month they
 * use, with the reference geography loaded. The second argument is the periods, or options.
 * The caller closes it.
 * @example const store = await buildRttStore([{ month: "2021-04", commissioner: "72Q", part: "Part_1A", totalAll: 12 }]);
 */
export async function buildRttStore(
  specs: RttRowSpec[],
  periodsOrOptions: PeriodSpec[] | RttStoreOptions = {},
): Promise<Store> {
  const options: RttStoreOptions = Array.isArray(periodsOrOptions)
    ? { periods: periodsOrOptions }
    : periodsOrOptions;
  const periods = new Map<string, PeriodSpec>();
  for (const p of options.periods ?? []) periods.set(p.month, p);
  for (const s of specs) if (!periods.has(s.month)) periods.set(s.month, { month: s.month });
  const top = (month: string) => periods.get(month)?.topBandStart ?? topBandFor(month);
  const rows = specs.map((s) => toRow(s, top(s.month)));
  const all = options.totalRows === false ? rows : [...rows, ...totalRowsFor(rows)];

  const store = await Store.open(options.path ?? ":memory:");
  await ensureReferenceLoaded(store);
  const rowCount = (month: string) => all.filter((r) => r.month === month).length;
  for (const p of periods.values()) {
    const t = p.topBandStart ?? topBandFor(p.month);
    await store.run(
      `INSERT INTO rtt_period VALUES (${[
        str(p.month),
        str(`RTT-${p.month}`),
        str(t === 104 ? "2021-04" : "2017-10"),
        num(t + 1),
        num(t),
        str(p.sourceFile ?? `${p.month}-RTT-fixture.csv`),
        str(p.checksum ?? `checksum-${p.month}`),
        "false",
        p.synthetic ? "true" : "false",
        num(rowCount(p.month)),
        "0",
        "TIMESTAMP '2026-01-15 12:00:00'",
      ].join(", ")})`,
    );
  }
  const values = all.map(
    (r) =>
      `(${[
        str(r.month),
        str(`${r.provider}-PARENT`),
        str(`Parent of ${r.provider}`),
        str(r.provider),
        str(r.providerName),
        str(r.parent),
        str(r.parent === null ? null : `Parent ${r.parent}`),
        str(r.commissioner),
        str(r.commissionerName),
        str(r.part),
        str(r.part),
        str(r.tf),
        str(r.tf === "C_999" ? "Total" : `Treatment function ${r.tf}`),
        r.bands === null ? "NULL" : `[${r.bands.join(",")}]::INTEGER[]`,
        num(r.total),
        num(r.unknownStart),
        num(r.totalAll),
      ].join(", ")})`,
  );
  for (let i = 0; i < values.length; i += 500) {
    await store.run(`INSERT INTO rtt_row VALUES ${values.slice(i, i + 500).join(", ")}`);
  }
  // What ingest writes with each month's rows: the per-commissioner summary the analyses read.
  for (const month of new Set(all.map((r) => r.month))) await summariseMonth(store, month);
  return store;
}
