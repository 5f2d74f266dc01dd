import type { Store } from "../../src/store/db.ts";
import { summariseMonth } from "../../src/store/rtt-summary.ts";

export interface TestRttRow {
  commissioner: string;
  parent?: string | null;
  parentName?: string | null;
  name?: string | null;
  part?: string;
  tf?: string;
  totalAll: number;
}

/** Inserts one RTT period and its rows straight into the store (what ingest would leave). */
export async function insertRttRows(store: Store, month: string, rows: TestRttRow[]) {
  await store.run(
    `INSERT INTO rtt_period VALUES ($1, $2, '2021-04', 106, 104, 'test.csv', 'x', false, false, $3, 0, TIMESTAMP '2026-01-01 00:00:00')`,
    [month, `RTT-${month}`, rows.length],
  );
  for (const r of rows) {
    await store.run(
      `INSERT INTO rtt_row (month, provider_code, commissioner_parent_code, commissioner_parent_name,
         commissioner_code, commissioner_name, part, tf_code, total_all)
       VALUES ($1, 'RBD', $2, $3, $4, $5, $6, $7, $8)`,
      [
        month,
        r.parent ?? null,
        r.parentName ?? null,
        r.commissioner,
        r.name ?? null,
        r.part ?? "Part_1A",
        r.tf ?? "C_110",
        r.totalAll,
      ],
    );
  }
  await summariseMonth(store, month); // as ingest does with each month's rows
}
