import type { Command } from "./command.ts";
import { fetchCommand } from "./fetch.ts";
import { ingestCommand } from "./ingest.ts";
import { statusCommand } from "./status.ts";

/** Every sub-command, in the order `rationwatch --help` lists them. */
export const commands: Command[] = [fetchCommand, ingestCommand, statusCommand];
