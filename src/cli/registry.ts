import { existsSync, statSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

import { InputFileError, MissingDataError, UsageError } from "../errors.ts";
import { RECORD_KINDS, type RecordKind } from "../registry/common-schema.ts";
import { diffRecords, formatDiff } from "../registry/diff.ts";
import { exportFormatFor, exportRegistry } from "../registry/export.ts";
import { LAYOUTS } from "../registry/layouts.ts";
import {
  auditLog,
  currentRecords,
  recordHistory,
  type RecordVersion,
} from "../registry/records.ts";
import { importRegistryFile, registryContent } from "../registry/registry.ts";

import { parseChoice, parseCommandArgs } from "./args.ts";
import type { Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { FORMATS, renderCsv, renderFormat, renderTable, type Column } from "./output.ts";
import { addDemoRecords, runImpact, runOverlay } from "./registry-analysis.ts";
import { actorOf, withReadRegistry, withWritableRegistry } from "./registry-open.ts";
import { runUser } from "./registry-user.ts";

const HELP = `Usage: rationwatch registry import FILE [--actor NAME] [--reason TEXT]
       rationwatch registry list [--kind KIND] [--format table|csv|json]
       rationwatch registry show KIND ID [--format table|json]
       rationwatch registry history KIND ID [--format table|json]
       rationwatch registry audit [--format table|json]
       rationwatch registry export --out PATH
       rationwatch registry demo
       rationwatch registry overlay --intervention SLUG [--from YYYY-MM --to YYYY-MM] [--db PATH]
       rationwatch registry impact POLICY_ID [--from YYYY-MM --to YYYY-MM] [--db PATH]
       rationwatch registry user add --email EMAIL --role contributor|reviewer|admin [--url URL]
       rationwatch registry user list
  every form takes [--registry PATH]

The restrictions registry: interventions, commissioners' policies that restrict them, and scorecard
frameworks and assessments, kept in PostgreSQL. By default an embedded PGlite folder
(--registry PATH, else $RATIONWATCH_REGISTRY, else ./rationwatch-registry/); when DATABASE_URL is set
(and --registry is not), that PostgreSQL server. A new registry holds the shipped intervention
vocabulary and the ICS patient-involvement framework.

  import FILE   CSV (one kind, known by its header), XLSX (sheets interventions, frameworks,
                policies, assessments), JSON, or a folder of CSVs written by export. Every row is
                checked first; any problem is listed by row and column and nothing is imported.
                Each changed record becomes a new version; unchanged records are left as they are.
  list          current version of every record (KIND: ${RECORD_KINDS.join(", ")})
  show          one record's current version
  history       every version of a record, with what changed each time
  audit         the append-only audit log
  export        the complete current state in the import layout: PATH ending .json (one file),
                .xlsx (a workbook) or anything else (a folder of CSVs); re-importing it into an
                empty registry gives the same state. docs/registry.md documents every column.
  demo          add synthetic demonstration policies and two scorecard rounds (marked synthetic
                on every record and every output)
  overlay       for an intervention, each area's restriction status beside its activity in the
                RTT proxy specialty, restricting vs other areas, headlines (needs the RTT store)
  user add      create an editor account (the first admin; then admins invite from /edit/users)
                and print its one-time invitation link (valid 7 days) to set the password
  user list     the editor accounts, their roles and whether they are locked
  impact        before and after a policy's effective date: the area's monthly rates (and as a %
                of England's), with an interrupted-series estimate of the change

Options:
  --registry PATH   PGlite folder (default $RATIONWATCH_REGISTRY, else ./rationwatch-registry)
  --actor NAME      who is importing (default $USER), recorded in the history and audit log
  --reason TEXT     why (default "import of FILE")
  --kind KIND       for list: one kind of record
  --format FORMAT   table (default), csv or json
  --out PATH        for export
  --intervention S  for overlay: an intervention slug (see 'registry list --kind intervention')
  --from, --to      for overlay and impact: the window (default the store's latest 12 months)
  --email, --role   for user add: the account's email address and role
  --url URL         for user add: the editor's address (default http://127.0.0.1:8080)
  --db PATH         RTT store for overlay and impact (default $RATIONWATCH_DB, else ./rationwatch.duckdb)
  -h, --help        show this help
`;

const parseKind = (value: string | undefined): RecordKind => {
  if (value === undefined || !(RECORD_KINDS as readonly string[]).includes(value)) {
    throw new UsageError(
      `expected a record kind (${RECORD_KINDS.join(", ")}), got "${value ?? ""}"`,
    );
  }
  return value as RecordKind;
};

/** A short description of a record for lists. */
export function describeRecord(r: RecordVersion): string {
  const d = r.data as Record<string, unknown>;
  if (r.kind === "intervention") return String(d["name"]);
  if (r.kind === "framework") return String(d["name"]);
  if (r.kind === "policy") {
    const c = d["commissioner"] as { code: string };
    const synthetic = d["synthetic"] ? " [synthetic]" : "";
    return `${c.code} ${String(d["intervention"])}: ${String(d["accessRoute"])}${synthetic}`;
  }
  const o = d["organisation"] as { code: string };
  return `${o.code} ${String(d["criterion"])} rating ${d["rating"] === null ? "–" : String(d["rating"])}${d["synthetic"] ? " [synthetic]" : ""}`;
}

const listColumns: Column<RecordVersion>[] = [
  { header: "kind", value: (r) => r.kind },
  { header: "id", value: (r) => r.id },
  { header: "version", value: (r) => r.version },
  { header: "review_status", value: (r) => r.reviewStatus },
  { header: "changed_at", value: (r) => r.changedAt },
  { header: "changed_by", value: (r) => r.changedBy },
  { header: "summary", value: (r) => describeRecord(r) },
];

export const registryCommand: Command = {
  name: "registry",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs(
      "registry",
      argv,
      {
        registry: { type: "string" },
        actor: { type: "string" },
        reason: { type: "string" },
        kind: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        intervention: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        db: { type: "string" },
        email: { type: "string" },
        role: { type: "string" },
        url: { type: "string" },
      },
      true,
    );
    const [sub, ...args] = positionals;
    const format = parseChoice("format", values.format, FORMATS, "table");
    const usage = (what: string) =>
      new UsageError(`expected '${what}' (see 'rationwatch registry --help')`);
    switch (sub) {
      case "import": {
        if (args.length !== 1) throw usage("registry import FILE");
        await runImport(io, args[0] as string, values, undefined, "registry");
        return;
      }
      case "list": {
        if (args.length !== 0) throw usage("registry list [--kind KIND]");
        const kind = values.kind === undefined ? undefined : parseKind(values.kind);
        const rows = await withReadRegistry(io, values.registry, (db) => currentRecords(db, kind));
        io.stdout(
          renderFormat(format, {
            json: () => ({ records: rows }),
            csv: () => renderCsv(listColumns, rows),
            table: () => renderTable(listColumns, rows),
          }),
        );
        return;
      }
      case "show":
      case "history": {
        if (args.length !== 2) throw usage(`registry ${sub} KIND ID`);
        const kind = parseKind(args[0]);
        const id = args[1] as string;
        const versions = await withReadRegistry(io, values.registry, (db) =>
          recordHistory(db, kind, id),
        );
        if (versions.length === 0) throw new MissingDataError(`no ${kind} "${id}" in the registry`);
        if (sub === "show") {
          const current = versions[versions.length - 1] as RecordVersion;
          io.stdout(
            format === "json" ? `${JSON.stringify(current, null, 2)}\n` : showText(current),
          );
        } else {
          io.stdout(
            format === "json"
              ? `${JSON.stringify({ versions }, null, 2)}\n`
              : historyText(versions),
          );
        }
        return;
      }
      case "audit": {
        const entries = await withReadRegistry(io, values.registry, (db) => auditLog(db));
        if (format === "json") io.stdout(`${JSON.stringify({ audit: entries }, null, 2)}\n`);
        else {
          io.stdout(
            renderTable(
              [
                { header: "seq", value: (e) => e.seq },
                { header: "at", value: (e) => e.at },
                { header: "actor", value: (e) => e.actor },
                { header: "action", value: (e) => e.action },
                {
                  header: "record",
                  value: (e) => (e.kind ? `${e.kind} ${e.recordId} v${e.version}` : null),
                },
              ],
              entries,
            ),
          );
        }
        return;
      }
      case "export": {
        if (args.length !== 0 || values.out === undefined)
          throw usage("registry export --out PATH");
        const out = resolve(io.cwd, values.out);
        checkExportTarget(out, values.out);
        const files = await withReadRegistry(io, values.registry, (db) => exportRegistry(db, out));
        io.stdout(
          `Exported the registry (${exportFormatFor(out)}) to ${values.out}${files.length > 1 ? ` (${files.length} files)` : ""}\n`,
        );
        return;
      }
      case "demo": {
        if (args.length !== 0) throw usage("registry demo");
        const r = await withWritableRegistry(io, values.registry, (db) =>
          addDemoRecords(db, io, actorOf(io, values.actor)),
        );
        io.stdout(
          `registry: added synthetic demonstration records: ${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged (every one marked synthetic)\n`,
        );
        return;
      }
      case "overlay":
      case "impact": {
        if (sub === "overlay" ? args.length !== 0 : args.length !== 1) {
          throw usage(
            sub === "overlay"
              ? "registry overlay --intervention SLUG"
              : "registry impact POLICY_ID",
          );
        }
        const content = await withReadRegistry(io, values.registry, (db) => registryContent(db));
        const common = { from: values.from, to: values.to, db: values.db, format };
        if (sub === "overlay")
          await runOverlay(io, content, { ...common, intervention: values.intervention });
        else await runImpact(io, content, { ...common, policy: args[0] as string });
        return;
      }
      case "user": {
        await runUser(io, args, values);
        return;
      }
      default:
        throw new UsageError(
          `expected import, list, show, history, audit, export, demo, overlay, impact or user (see 'rationwatch registry --help')`,
        );
    }
  },
};

/** Export never replaces something that is not an earlier export. */
function checkExportTarget(out: string, shown: string): void {
  if (!existsSync(out)) return;
  const isDir = statSync(out).isDirectory();
  if (exportFormatFor(out) !== "csv") {
    if (isDir) throw new InputFileError({ file: shown }, "is a folder; give a file name");
    return;
  }
  if (!isDir) throw new InputFileError({ file: shown }, "exists and is not a folder");
  const names = new Set(LAYOUTS.map((l) => `${l.name}.csv`));
  const other = readdirSync(out).find((n) => !names.has(n));
  if (other !== undefined) {
    throw new InputFileError(
      { file: shown },
      `exists and holds ${other}: not an earlier export, left alone`,
    );
  }
}

/** `registry import` and `scorecard import`. */
export async function runImport(
  io: CliIo,
  file: string,
  values: { registry?: string; actor?: string; reason?: string },
  kinds: readonly RecordKind[] | undefined,
  command: string,
): Promise<void> {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new InputFileError({ file }, "no such file");
  const result = await withWritableRegistry(io, values.registry, (db) =>
    importRegistryFile(db, path, file, {
      actor: actorOf(io, values.actor),
      reason: values.reason ?? `import of ${file}`,
      now: io.now(),
      kinds,
    }),
  );
  io.stdout(
    `${command}: ${result.records} record${result.records === 1 ? "" : "s"} in ${file}: ${result.created} new, ${result.updated} changed (new versions), ${result.unchanged} unchanged\n`,
  );
}

function flatten(value: unknown, prefix: string, out: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.push(`${prefix}: (none)`);
    value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.push(`${prefix}: ${value === null ? "–" : String(value)}`);
}

function showText(r: RecordVersion): string {
  const lines = [
    `${r.kind} ${r.id} — version ${r.version}, ${r.reviewStatus}, by ${r.changedBy} at ${r.changedAt}`,
  ];
  flatten(r.data, "", lines);
  return `${lines.join("\n")}\n`;
}

function historyText(versions: RecordVersion[]): string {
  const lines: string[] = [];
  versions.forEach((v, i) => {
    lines.push(
      `version ${v.version}  ${v.changedAt}  ${v.changedBy}  ${v.reviewStatus}  (${v.reason})`,
    );
    const before = i === 0 ? {} : (versions[i - 1] as RecordVersion).data;
    const diff = diffRecords(before, v.data);
    const prev = i === 0 ? null : (versions[i - 1] as RecordVersion).reviewStatus;
    if (prev !== null && prev !== v.reviewStatus)
      diff.push({ path: "reviewStatus", before: prev, after: v.reviewStatus });
    if (i === 0) lines.push(`  created with ${diff.length} field${diff.length === 1 ? "" : "s"}`);
    else for (const d of formatDiff(diff)) lines.push(`  ${d}`);
  });
  return `${lines.join("\n")}\n`;
}
