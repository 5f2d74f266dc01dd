/**
 * One month of synthetic RTT Full CSV data, produced as text chunks (one per provider) in the real
 * layout of the month's era. Every (provider, commissioner, part) group gets its treatment-function
 * rows and a `C_999` Total row equal to their sum; rows with no patients are left out, as in real
 * files. Counts are Poisson around the calibrated expectation times a small per-commissioner and
 * per-provider monthly factor (over-dispersion).
 */
import { eraForMonth, headerColumns, PARTS, TOP_BAND_START } from "../ingest/layout.ts";
import { splitMonth } from "../months.ts";

import { COMPLETED_WEEK_SCALE, dtaShare, NOISE_SD, UNKNOWN_START_SHARE } from "./calibration.ts";
import type { Shares } from "./commissioners.ts";
import { commissionerLabels, csvField, periodFields, preamble, providerParent } from "./names.ts";
import { createRandom, mixSeed } from "./random.ts";
import { createRowWriter, type PartRows } from "./rows.ts";
import { bandShape, survivalCurve } from "./shape.ts";
import { mixWeight, monthCodes, waitTilt, type MixKind } from "./specialties.ts";
import { demoStructure, type DemoPair } from "./structure.ts";
import { monthTargets } from "./targets.ts";

export interface DemoMonthOptions {
  month: string;
  seed: number;
  fullSize: boolean;
}

const KINDS = ["admitted", "nonAdmitted", "list"] as const;
const TILT_SCALE = 0.4;
const clamp1 = (x: number) => (x < -1 ? -1 : x > 1 ? 1 : x);

interface PartSpec extends PartRows {
  part: "Part_1A" | "Part_1B" | "Part_2" | "Part_3";
  kind: MixKind;
  share: keyof Shares;
  total: number;
}

/** A file treatment function of one pair: `code,name`, wait tilt, weight per mix kind. */
interface PairTf {
  label: string;
  tilt: number;
  weight: Record<MixKind, number>;
}

function pairTfs(pair: DemoPair, codes: ReturnType<typeof monthCodes>): PairTf[] {
  const out: PairTf[] = [];
  for (const c of codes) {
    const parts = c.parts.filter((p) => pair.tfs.includes(p));
    if (parts.length === 0) continue;
    const weight = { admitted: 0, nonAdmitted: 0, list: 0 };
    for (const p of parts) for (const k of KINDS) weight[k] += mixWeight(p, k);
    out.push({ label: `${c.code},${csvField(c.name)}`, tilt: waitTilt(c.code), weight });
  }
  return out;
}

function partSpecs(month: string, top: number): PartSpec[] {
  const t = monthTargets(month);
  const survival = survivalCurve(t.waits);
  return [
    {
      part: "Part_1A",
      kind: "admitted",
      share: "admitted",
      total: t.admitted,
      shape: bandShape(survival, top, COMPLETED_WEEK_SCALE.Part_1A),
      unknownShare: UNKNOWN_START_SHARE.Part_1A,
    },
    {
      part: "Part_1B",
      kind: "nonAdmitted",
      share: "nonAdmitted",
      total: t.nonAdmitted,
      shape: bandShape(survival, top, COMPLETED_WEEK_SCALE.Part_1B),
      unknownShare: UNKNOWN_START_SHARE.Part_1B,
    },
    { part: "Part_2", kind: "list", share: "list", total: t.list, shape: bandShape(survival, top) },
    { part: "Part_3", kind: "list", share: "clockStarts", total: t.clockStarts },
  ];
}

/** Yields the file text of one demo month: front matter and header, then one chunk per provider. */
export function* demoMonthChunks({ month, seed, fullSize }: DemoMonthOptions): Generator<string> {
  const era = eraForMonth(month);
  const top = TOP_BAND_START[era];
  const head = era === "pre-2017-10" ? preamble(month) : [];
  yield `${[...head, headerColumns(era).join(",")].join("\n")}\n`;

  const specs = partSpecs(month, top);
  const dta = Float64Array.from({ length: top + 1 }, (_, i) => dtaShare(i + 0.5));
  const { areas, pairs } = demoStructure(fullSize);
  const codes = monthCodes(month);
  const tfsByPair = pairs.map((p) => pairTfs(p, codes));
  // A commissioner's volume of each kind is split over its pairs by weight × specialty mix.
  const norm = new Map<string, Record<MixKind, number>>();
  pairs.forEach((pair, i) => {
    const z = norm.get(pair.area.code) ?? { admitted: 0, nonAdmitted: 0, list: 0 };
    for (const tf of tfsByPair[i] ?? []) for (const k of KINDS) z[k] += pair.weight * tf.weight[k];
    norm.set(pair.area.code, z);
  });

  const { year, month: m } = splitMonth(month);
  const random = createRandom(mixSeed(seed, year * 12 + m));
  const noise = new Map<string, number>();
  for (const a of areas) noise.set(a.code, Math.exp(NOISE_SD.commissioner * random.normal()));
  for (const pair of pairs)
    if (!noise.has(pair.provider.code))
      noise.set(pair.provider.code, Math.exp(NOISE_SD.provider * random.normal()));

  // Centre the wait tilts on each kind's volume so the national shape stays the calibrated one.
  const rawTilt = (pair: DemoPair, tf: PairTf) => clamp1(pair.provider.waitTilt + tf.tilt);
  const centre = { admitted: 0, nonAdmitted: 0, list: 0 };
  for (const k of KINDS) {
    let weighted = 0;
    let volume = 0;
    pairs.forEach((pair, i) => {
      const z = (norm.get(pair.area.code) as Record<MixKind, number>)[k];
      const share = pair.area.shares[k];
      for (const tf of tfsByPair[i] ?? []) {
        const v = (share * pair.weight * tf.weight[k]) / z;
        weighted += v * rawTilt(pair, tf);
        volume += v;
      }
    });
    centre[k] = weighted / volume;
  }

  const period = periodFields(month);
  const writer = createRowWriter(top + 1, random);
  let lines: string[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as DemoPair;
    const { provider, area } = pair;
    const [ppCode, ppName] = providerParent(provider, month);
    const [cpCode, cpName, cName] = commissionerLabels(area, month);
    const prefix = [
      period,
      ppCode,
      csvField(ppName),
      provider.code,
      csvField(provider.name),
      cpCode,
      csvField(cpName),
      area.code,
      csvField(cName),
    ].join(",");
    const tfs = tfsByPair[i] ?? [];
    const labels = tfs.map((tf) => tf.label);
    const z = norm.get(area.code) as Record<MixKind, number>;
    const factor = pair.weight * (noise.get(area.code) ?? 1) * (noise.get(provider.code) ?? 1);
    for (const spec of specs) {
      const expected = (spec.total * area.shares[spec.share] * factor) / z[spec.kind];
      const scale = expected / (1 + (spec.unknownShare ?? 0));
      const counts = tfs.map((tf) => random.poisson(scale * tf.weight[spec.kind]));
      const tilts = tfs.map((tf) => TILT_SCALE * (rawTilt(pair, tf) - centre[spec.kind]));
      const isList = spec.part === "Part_2";
      writer.group(
        lines,
        `${prefix},${spec.part},${PARTS[spec.part]},`,
        labels,
        counts,
        tilts,
        spec,
        isList,
      );
      if (isList) writer.dtaGroup(lines, `${prefix},Part_2A,${PARTS.Part_2A},`, labels, dta);
    }
    if (pairs[i + 1]?.provider.code !== provider.code && lines.length > 0) {
      yield `${lines.join("\n")}\n`;
      lines = [];
    }
  }
}
