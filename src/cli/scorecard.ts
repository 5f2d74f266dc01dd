import { compareRounds, scorecardSummary, type ScorecardSummary } from "../analysis/scorecard.ts";
import { MissingDataError, UsageError } from "../errors.ts";
import { registryContent } from "../registry/registry.ts";

import { parseChoice, parseCommandArgs } from "./args.ts";
import type { Command } from "./command.ts";
import type { CliIo } from "./io.ts";
import { formatNumber, renderFormat, renderTable } from "./output.ts";
import { withReadRegistry } from "./registry-open.ts";
import { runImport } from "./registry.ts";

const HELP = `Usage: rationwatch scorecard import FILE [--actor NAME] [--reason TEXT]
       rationwatch scorecard list [--format table|json]
       rationwatch scorecard summary [--framework ID] --round R [--compare R0] [--format table|json]
  every form takes [--registry PATH] (see 'rationwatch registry --help')

Scorecards rate organisations against a framework's criteria, round by round. A new registry holds
the framework 'ics-patient-involvement' (patient involvement in Integrated Care Systems).

  import FILE   assessments (and frameworks) as CSV, XLSX or JSON, in the registry's layout
                (docs/registry.md); all-or-nothing, every problem listed by row and column
  list          frameworks, and the rounds recorded for each
  summary       one round: ratings by domain and criterion, the share of organisations meeting
                each criterion, each organisation's weighted score; with --compare, the change
                from an earlier round

Options:
  --framework ID    default ics-patient-involvement
  --round R         the round to summarise
  --compare R0      an earlier round to compare with
  --format FORMAT   table (default) or json
  --registry PATH   PGlite folder (default $RATIONWATCH_REGISTRY, else ./rationwatch-registry)
  -h, --help        show this help
`;

const pct = (v: number | null) => (v === null ? "–" : `${formatNumber(v, 0)}%`);

function summaryText(s: ScorecardSummary): string {
  const head = [
    `${s.frameworkName} — round ${s.round}: ${s.organisations} organisations (${s.vintages.join(", ") || "none"}), ${s.assessments} assessments` +
      (s.draftsExcluded ? `, ${s.draftsExcluded} drafts left out` : "") +
      (s.disputed ? `, ${s.disputed} disputed under right of reply` : ""),
  ];
  if (s.synthetic)
    head.unshift("SYNTHETIC DEMONSTRATION DATA — these ratings describe no real organisation");
  const domains = renderTable(
    [
      { header: "domain", value: (d) => `${d.domainId} ${d.name}` },
      {
        header: "score",
        value: (d) => (d.score === null ? null : d.score),
        format: (v) => formatNumber(v, 0),
      },
      { header: "meeting", value: (d) => pct(d.pctMeeting), align: "right" },
    ],
    s.domains,
  );
  const criteria = renderTable(
    [
      { header: "criterion", value: (c) => c.criterionId },
      { header: "rated", value: (c) => c.rated },
      { header: "meeting", value: (c) => c.meeting },
      { header: "share", value: (c) => pct(c.pctMeeting), align: "right" },
      {
        header: "ratings",
        value: (c) =>
          Object.entries(c.ratings)
            .map(([k, v]) => `${k}:${v}`)
            .join(" "),
      },
    ],
    s.criteria,
  );
  return `${head.join("\n")}\n\n${domains}\n${criteria}\n${s.method}\n`;
}

export const scorecardCommand: Command = {
  name: "scorecard",
  help: HELP,
  async run(argv: string[], io: CliIo) {
    const { values, positionals } = parseCommandArgs(
      "scorecard",
      argv,
      {
        registry: { type: "string" },
        actor: { type: "string" },
        reason: { type: "string" },
        framework: { type: "string" },
        round: { type: "string" },
        compare: { type: "string" },
        format: { type: "string" },
      },
      true,
    );
    const [sub, ...args] = positionals;
    const format = parseChoice("format", values.format, ["table", "json"] as const, "table");
    if (sub === "import") {
      if (args.length !== 1) throw new UsageError("expected 'scorecard import FILE'");
      await runImport(io, args[0] as string, values, ["framework", "assessment"], "scorecard");
      return;
    }
    const content = await withReadRegistry(io, values.registry, (db) => registryContent(db));
    if (sub === "list" && args.length === 0) {
      const rows = content.frameworks.map((f) => ({
        id: f.id,
        name: f.name,
        version: f.version,
        criteria: f.domains.reduce((n, d) => n + d.criteria.length, 0),
        rounds: [
          ...new Set(content.assessments.filter((a) => a.framework === f.id).map((a) => a.round)),
        ].sort(),
      }));
      io.stdout(
        renderFormat(format, {
          json: () => ({ frameworks: rows }),
          csv: () => "",
          table: () =>
            renderTable(
              [
                { header: "framework", value: (r) => r.id },
                { header: "name", value: (r) => r.name },
                { header: "version", value: (r) => r.version },
                { header: "criteria", value: (r) => r.criteria },
                { header: "rounds", value: (r) => r.rounds.join(", ") || "(none yet)" },
              ],
              rows,
            ),
        }),
      );
      return;
    }
    if (sub !== "summary" || args.length !== 0) {
      throw new UsageError("expected import, list or summary (see 'rationwatch scorecard --help')");
    }
    if (values.round === undefined) throw new UsageError("--round is required for summary");
    const id = values.framework ?? "ics-patient-involvement";
    const framework = content.frameworks.find((f) => f.id === id);
    if (!framework) throw new MissingDataError(`no framework "${id}" in the registry`);
    const rounds = new Set(
      content.assessments.filter((a) => a.framework === id).map((a) => a.round),
    );
    for (const r of [values.round, values.compare]) {
      if (r !== undefined && !rounds.has(r)) {
        throw new MissingDataError(
          `no assessments of ${id} in round "${r}" (rounds: ${[...rounds].sort().join(", ") || "none"})`,
        );
      }
    }
    if (values.compare !== undefined) {
      const c = compareRounds(framework, content.assessments, values.compare, values.round);
      if (format === "json") {
        io.stdout(`${JSON.stringify(c, null, 2)}\n`);
        return;
      }
      const table = renderTable(
        [
          { header: "criterion", value: (x) => x.criterionId },
          { header: values.compare, value: (x) => pct(x.pctBefore), align: "right" },
          { header: values.round, value: (x) => pct(x.pctAfter), align: "right" },
          { header: "change (points)", value: (x) => x.change, format: (v) => formatNumber(v, 0) },
          { header: "improved", value: (x) => x.improved },
          { header: "worsened", value: (x) => x.worsened },
          { header: "same", value: (x) => x.same },
        ],
        c.criteria,
      );
      const synthetic =
        c.before.synthetic || c.after.synthetic ? "SYNTHETIC DEMONSTRATION DATA\n" : "";
      io.stdout(
        `${synthetic}Share of organisations meeting each criterion, ${values.compare} → ${values.round}\n${c.geographyNote ? `${c.geographyNote}\n` : ""}\n${table}`,
      );
      return;
    }
    const s = scorecardSummary(framework, content.assessments, values.round);
    io.stdout(format === "json" ? `${JSON.stringify(s, null, 2)}\n` : summaryText(s));
  },
};
