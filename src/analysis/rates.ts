import { poissonRate } from "../stats/index.ts";

import type { RateWithInterval } from "./types.ts";

/**
 * A rate per 1,000 with 95% and 99.8% Poisson limits (exact below 10 events, Byar's from 10),
 * computed on the count and scaled like the rate (DESIGN §2). `exposure` is the population for a
 * single month or a per-window rate, population × months for a per-month rate over a window;
 * `population` is what the result reports.
 */
export function ratePer1000(
  count: number,
  population: number,
  exposure = population,
): RateWithInterval {
  const r = poissonRate(count, exposure, { multiplier: 1000 });
  return {
    count,
    population,
    rate: r.rate,
    lower95: r.lower95,
    upper95: r.upper95,
    lower998: r.lower998,
    upper998: r.upper998,
  };
}
