import { areasCommand } from "./areas.ts";
import type { Command } from "./command.ts";
import { crosswalkCommand } from "./crosswalk.ts";
import { demoDataCommand } from "./demo-data.ts";
import { fetchCommand } from "./fetch.ts";
import { ingestCommand } from "./ingest.ts";
import { populationCommand } from "./population.ts";
import { startCommand } from "./start.ts";
import { statusCommand } from "./status.ts";
import { variationCommand } from "./variation.ts";

/** Every sub-command, in the order `rationwatch --help` lists them. */
export const commands: Command[] = [
  startCommand,
  demoDataCommand,
  fetchCommand,
  ingestCommand,
  statusCommand,
  variationCommand,
  areasCommand,
  populationCommand,
  crosswalkCommand,
];
