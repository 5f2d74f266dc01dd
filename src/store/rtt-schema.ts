import type { Migration } from "./schema.ts";

/**
 * RTT tables. One row of `rtt_row` is one row of a Full CSV extract: period × provider × commissioner
 * × part × treatment function. `bands[i]` (1-based in SQL) holds the patients in week band i-1..i; the
 * last element is the open-ended band starting at `rtt_period.top_band_start` weeks (52 before April
 * 2021, 104 from then). `bands` is NULL for Part_3 (clock starts have no bands); a blank band cell is 0.
 * `total` and `unknown_start` are NULL where the file leaves them blank (Parts 2, 2A, 3).
 */
export const rttMigrations: Migration[] = [
  {
    id: "001-rtt",
    sql: `
      CREATE TABLE rtt_period (
        month VARCHAR PRIMARY KEY,
        period_label VARCHAR NOT NULL,
        era VARCHAR NOT NULL,
        band_count INTEGER NOT NULL,
        top_band_start INTEGER NOT NULL,
        source_file VARCHAR NOT NULL,
        checksum VARCHAR NOT NULL,
        revised BOOLEAN NOT NULL,
        synthetic BOOLEAN NOT NULL,
        row_count BIGINT NOT NULL,
        warning_count INTEGER NOT NULL,
        loaded_at TIMESTAMP NOT NULL
      );
      CREATE TABLE rtt_row (
        month VARCHAR NOT NULL,
        provider_parent_code VARCHAR,
        provider_parent_name VARCHAR,
        provider_code VARCHAR NOT NULL,
        provider_name VARCHAR,
        commissioner_parent_code VARCHAR,
        commissioner_parent_name VARCHAR,
        commissioner_code VARCHAR NOT NULL,
        commissioner_name VARCHAR,
        part VARCHAR NOT NULL,
        part_description VARCHAR,
        tf_code VARCHAR NOT NULL,
        tf_name VARCHAR,
        bands INTEGER[],
        total BIGINT,
        unknown_start BIGINT,
        total_all BIGINT NOT NULL
      );
      CREATE TABLE rtt_warning (
        month VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        detail VARCHAR NOT NULL
      );
    `,
  },
];
