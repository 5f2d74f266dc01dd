// Builds tiny but valid RTT "Full CSV data file" zips for the local stand-in of NHS England's site.
import yazl from "yazl";

import { eraForMonth, headerColumns, TOP_BAND_START } from "../../src/ingest/layout.ts";
import { MONTH_NAMES, splitMonth } from "../../src/months.ts";

function monthEnd(month: string): string {
  const { year, month: m } = splitMonth(month);
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${year}${String(m).padStart(2, "0")}${last}`;
}

/** A small extract for one month: Part_1A and Part_2 rows for one provider and commissioner, each
 * treatment-function row matched by its C_999 total. `seed` varies the counts (original vs revised). */
export function rttCsv(month: string, seed = 0): string {
  const era = eraForMonth(month);
  const header = headerColumns(era);
  const bands = TOP_BAND_START[era] + 1;
  const { year, month: m } = splitMonth(month);
  const period = `RTT-${MONTH_NAMES[m - 1]}-${year}`;
  const ids = (part: string, description: string, tf: string, tfName: string) => [
    period,
    "QWO",
    "WEST YORKSHIRE HEALTH AND CARE PARTNERSHIP",
    "RR8",
    "LEEDS TEACHING HOSPITALS NHS TRUST",
    "QWO",
    "WEST YORKSHIRE HEALTH AND CARE PARTNERSHIP",
    "15F",
    "NHS LEEDS CCG",
    part,
    description,
    tf,
    tfName,
  ];
  const counts = (base: number) => Array.from({ length: bands }, (_, i) => (i < 3 ? base + i : 0));
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const rows: (string | number)[][] = [];
  const admitted = counts(3 + seed);
  for (const [tf, name] of [
    ["C_100", "General Surgery Service"],
    ["C_999", "Total"],
  ] as const)
    rows.push([
      ...ids("Part_1A", "Completed Pathways For Admitted Patients", tf, name),
      ...admitted,
      sum(admitted),
      1,
      sum(admitted) + 1,
    ]);
  const waiting = counts(10 + seed);
  for (const [tf, name] of [
    ["C_100", "General Surgery Service"],
    ["C_999", "Total"],
  ] as const)
    rows.push([
      ...ids("Part_2", "Incomplete Pathways", tf, name),
      ...waiting,
      "",
      "",
      sum(waiting),
    ]);
  if (era === "pre-2017-10") {
    const old = rows.map((r) => [String(year), period.slice(4), ...r.slice(1)]);
    return [
      "Referral to Treatment",
      "Full extract",
      header.join(","),
      ...old.map((r) => r.join(",")),
    ]
      .join("\n")
      .concat("\n");
  }
  return [header.join(","), ...rows.map((r) => r.join(","))].join("\n").concat("\n");
}

/** The inner CSV's name as NHS England writes it: `20220331-RTT-March-2022-full-extract[-revised].csv`. */
export function rttCsvName(month: string, revised: boolean): string {
  const { year, month: m } = splitMonth(month);
  return `${monthEnd(month)}-RTT-${MONTH_NAMES[m - 1]}-${year}-full-extract${revised ? "-revised" : ""}.csv`;
}

/** A zip holding one month's extract (deterministic bytes: fixed mtime). */
export function rttZip(month: string, options: { revised?: boolean; seed?: number } = {}) {
  const zip = new yazl.ZipFile();
  zip.addBuffer(
    Buffer.from(rttCsv(month, options.seed ?? 0)),
    rttCsvName(month, options.revised ?? false),
    { mtime: new Date("2022-01-01T00:00:00Z") },
  );
  zip.end();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
