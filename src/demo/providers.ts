/**
 * The demo's synthetic providers: NHS trusts (`RSY01`…) for each STP/ICS, about one per 1.25 million
 * residents, and a few independent-sector centres (`NSY01`…); every name says SYNTHETIC. Each has a
 * parent ICS and a fixed waiting-time tilt (its region's backlog plus its own).
 */
import { STRUCTURE_SEED } from "./calibration.ts";
import { createRandom, hashString, mixSeed } from "./random.ts";
import type { DemoCommissioner } from "./reference.ts";

export interface DemoProvider {
  code: string;
  name: string;
  stpCode: string;
  stpName: string;
  icbCode: string;
  icbName: string;
  region: string;
  independent: boolean;
  /** −1 … 1: shifts this provider's waits shorter (−) or longer (+) than the national shape. */
  waitTilt: number;
}

/** Regional backlog (assumed, after the June 2021 regional waits of calibration-facts §2.3). */
const REGION_WAIT_TILT: Record<string, number> = {
  "East of England": 0.5,
  Midlands: 0.4,
  "South West": 0.35,
  "South East": 0.15,
  London: 0,
  "North East and Yorkshire": -0.35,
  "North West": -0.45,
};

const PEOPLE_PER_TRUST = 1.25e6;
const INDEPENDENT_COUNT = 8;

/** `West Yorkshire and Harrogate (Health and Care Partnership)` → `WEST YORKSHIRE AND HARROGATE`. */
export function placeName(stpName: string): string {
  return stpName
    .replace(/\(.*\)/g, "")
    .replace(
      /\b(Health and (Social )?Care( Partnership| ICS)?|Partners in Health and Care|ICS)\b/gi,
      "",
    )
    .replace(/\s+/g, " ")
    .trim()
    .toUpperCase();
}

interface Stp {
  code: string;
  name: string;
  icbCode: string;
  icbName: string;
  region: string;
  population: number;
}

/** The STPs of the CCG list, in code order, with their population and ICB. */
export function stpsOf(ccgs: DemoCommissioner[]): Stp[] {
  const byCode = new Map<string, Stp>();
  for (const c of ccgs) {
    const stp = byCode.get(c.stpCode);
    if (stp) stp.population += c.population;
    else
      byCode.set(c.stpCode, {
        code: c.stpCode,
        name: c.stpName,
        icbCode: c.icbCode,
        icbName: c.icbName,
        region: c.region,
        population: c.population,
      });
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
}

function tilt(code: string, region: string): number {
  const random = createRandom(mixSeed(STRUCTURE_SEED, hashString(code), 3));
  return (REGION_WAIT_TILT[region] ?? 0) + 0.2 * random.normal();
}

/** All providers: NHS trusts by STP, then the independent-sector centres. */
export function demoProviders(ccgs: DemoCommissioner[]): DemoProvider[] {
  const stps = stpsOf(ccgs);
  const providers: DemoProvider[] = [];
  for (const stp of stps) {
    const n = Math.max(1, Math.round(stp.population / PEOPLE_PER_TRUST));
    for (let i = 0; i < n; i++) {
      const code = `RSY${String(providers.length + 1).padStart(2, "0")}`;
      const suffix = n > 1 ? ` ${i + 1}` : "";
      providers.push({
        code,
        name: `SYNTHETIC ${placeName(stp.name)} HOSPITALS NHS TRUST${suffix}`,
        stpCode: stp.code,
        stpName: stp.name,
        icbCode: stp.icbCode,
        icbName: stp.icbName,
        region: stp.region,
        independent: false,
        waitTilt: tilt(code, stp.region),
      });
    }
  }
  // One independent-sector centre per region (two in the largest), parented by its largest ICS.
  const regions = [...new Set(stps.map((s) => s.region))].sort();
  const byPopulation = [...stps].sort((a, b) => b.population - a.population);
  const homes = regions.map((r) => byPopulation.find((s) => s.region === r) as Stp);
  while (homes.length < INDEPENDENT_COUNT) homes.push(byPopulation[homes.length] as Stp);
  homes.forEach((stp, i) => {
    const code = `NSY${String(i + 1).padStart(2, "0")}`;
    providers.push({
      code,
      name: `SYNTHETIC INDEPENDENT SECTOR TREATMENT CENTRE ${i + 1}`,
      stpCode: stp.code,
      stpName: stp.name,
      icbCode: stp.icbCode,
      icbName: stp.icbName,
      region: stp.region,
      independent: true,
      waitTilt: tilt(code, stp.region) - 0.3,
    });
  });
  return providers;
}
