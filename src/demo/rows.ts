/**
 * Writes the rows of one (provider, commissioner, part) group as CSV lines, with the arithmetic of
 * real files: Parts 1A/1B `Total` = Σ bands and `Total All` = Total + unknown clock starts; Parts
 * 2/2A leave `Total` and unknown blank with `Total All` = Σ bands; Part_3 has only `Total All`.
 * The `C_999` Total row sums the group's treatment-function rows.
 */
import { TOTAL_TF } from "../ingest/treatment-functions.ts";

import type { Random } from "./random.ts";
import { sampleBands, type BandShape } from "./shape.ts";

/** A part's band shape and unknown-clock-start share (Part_3: no shape). */
export interface PartRows {
  shape?: BandShape;
  unknownShare?: number;
}

const TOTAL_LABEL = `${TOTAL_TF},Total`;
const MAX_TFS = 32;

export interface RowWriter {
  /**
   * Appends a group's lines: `prefix` ends with the part columns and a comma; `labels` are the
   * `code,name` of each treatment function, `counts` their patients and `tilts` their wait tilts.
   * With `keepList` the bands are kept for the following Part_2A group.
   */
  group: (
    lines: string[],
    prefix: string,
    labels: string[],
    counts: number[],
    tilts: number[],
    rows: PartRows,
    keepList?: boolean,
  ) => void;
  /**
   * Appends the Part_2A group derived from the Part_2 bands kept by the last `group(…, true)`:
   * each band is thinned to its decision-to-admit share, so Part_2A ≤ Part_2 in every cell.
   */
  dtaGroup: (lines: string[], prefix: string, labels: string[], dtaShare: Float64Array) => void;
}

/** A row writer with reusable buffers for a layout of `bandCount` bands. */
export function createRowWriter(bandCount: number, random: Random): RowWriter {
  const listBands = Array.from({ length: MAX_TFS }, () => new Int32Array(bandCount));
  const listCounts = new Int32Array(MAX_TFS);
  const scratch = new Int32Array(bandCount);
  const sum = new Int32Array(bandCount);
  const blankBands = ",".repeat(bandCount + 3);
  const addTo = (bands: Int32Array) => {
    for (let b = 0; b < bandCount; b++) sum[b] = (sum[b] as number) + (bands[b] as number);
  };

  function group(
    lines: string[],
    prefix: string,
    labels: string[],
    counts: number[],
    tilts: number[],
    rows: PartRows,
    keepList = false,
  ): void {
    const { shape, unknownShare } = rows;
    if (!shape) {
      let total = 0;
      for (let i = 0; i < labels.length; i++) {
        const n = counts[i] ?? 0;
        if (n === 0) continue;
        lines.push(`${prefix}${labels[i]}${blankBands}${n}`);
        total += n;
      }
      if (total > 0) lines.push(`${prefix}${TOTAL_LABEL}${blankBands}${total}`);
      return;
    }
    sum.fill(0);
    let total = 0;
    let unknownTotal = 0;
    for (let i = 0; i < labels.length; i++) {
      const n = counts[i] ?? 0;
      if (keepList) listCounts[i] = n;
      if (n === 0) continue;
      const bands = keepList ? (listBands[i] as Int32Array) : scratch;
      sampleBands(n, shape, tilts[i] ?? 0, random, bands);
      addTo(bands);
      total += n;
      if (unknownShare === undefined) {
        lines.push(`${prefix}${labels[i]},${bands.join(",")},,,${n}`);
      } else {
        const unknown = random.poisson(n * unknownShare);
        unknownTotal += unknown;
        lines.push(`${prefix}${labels[i]},${bands.join(",")},${n},${unknown},${n + unknown}`);
      }
    }
    if (total === 0) return;
    const bandsText = sum.join(",");
    if (unknownShare === undefined) lines.push(`${prefix}${TOTAL_LABEL},${bandsText},,,${total}`);
    else {
      const all = total + unknownTotal;
      lines.push(`${prefix}${TOTAL_LABEL},${bandsText},${total},${unknownTotal},${all}`);
    }
  }

  function dtaGroup(lines: string[], prefix: string, labels: string[], dtaShare: Float64Array) {
    sum.fill(0);
    let total = 0;
    for (let i = 0; i < labels.length; i++) {
      if ((listCounts[i] ?? 0) === 0) continue;
      const list = listBands[i] as Int32Array;
      let n = 0;
      for (let b = 0; b < bandCount; b++) {
        const k = list[b] as number;
        const a = k === 0 ? 0 : Math.floor(k * (dtaShare[b] as number) + random.next());
        scratch[b] = a;
        n += a;
      }
      if (n === 0) continue;
      addTo(scratch);
      total += n;
      lines.push(`${prefix}${labels[i]},${scratch.join(",")},,,${n}`);
    }
    if (total > 0) lines.push(`${prefix}${TOTAL_LABEL},${sum.join(",")},,,${total}`);
  }

  return { group, dtaGroup };
}
