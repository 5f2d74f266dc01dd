import { areasCommand } from "./areas.ts";
import type { Command } from "./command.ts";
import { crosswalkCommand } from "./crosswalk.ts";
import { fetchCommand } from "./fetch.ts";
import { ingestCommand } from "./ingest.ts";
import { populationCommand } from "./population.ts";
import { statusCommand } from "./status.ts";

/** Every sub-command, in the order `rationwatch --help` lists them. */
export const commands: Command[] = [
  fetchCommand,
  ingestCommand,
  statusCommand,
  areasCommand,
  populationCommand,
  crosswalkCommand,
];
