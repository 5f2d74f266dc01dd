/** The release as Markdown and as one self-contained HTML page. */
import { escapeXml } from "../report/format.ts";

import { plainText, type Block, type Inline, type Release } from "./content.ts";

const SYNTHETIC =
  "SYNTHETIC DEMONSTRATION DATA: not real NHS figures. Do not publish or quote this draft.";

const mdEscape = (s: string) => s.replace(/([*_[\]`#<>])/g, "\\$1");
const mdInline = (parts: Inline[]) =>
  parts.map((p) => (typeof p === "string" ? mdEscape(p) : mdEscape(p.text))).join("");

function mdBlock(b: Block): string {
  if (b.kind === "heading") return `## ${mdInline(b.parts)}`;
  if (b.kind === "bullet") return `- ${mdInline(b.parts)}`;
  if (b.kind === "placeholder") return `> **${mdInline(b.parts)}**`;
  if (b.kind === "ends") return `**${mdInline(b.parts)}**`;
  return mdInline(b.parts);
}

/** Markdown: every figure in plain text, then a table of the figures and their figures.json paths. */
export function releaseMarkdown(r: Release): string {
  const out: string[] = [];
  if (r.synthetic) out.push(`> **${SYNTHETIC}**`, "");
  out.push(
    `**${r.embargo}**`,
    "",
    `# ${mdInline(r.headline)}`,
    "",
    `**${mdInline(r.standfirst)}**`,
  );
  let bullets = false;
  for (const b of r.body) {
    const isBullet = b.kind === "bullet";
    if (!(isBullet && bullets)) out.push("");
    out.push(mdBlock(b));
    bullets = isBullet;
  }
  out.push("", "## Notes to editors", "");
  r.notes.forEach((n, i) => out.push(`${i + 1}. ${mdInline(n.parts)}`));
  out.push("", "| Figure | figures.json |", "| --- | --- |");
  for (const f of r.figures) {
    out.push(`| ${mdEscape(f.text).replace(/\|/g, "\\|")} | \`${f.path}\` |`);
  }
  return `${out.join("\n").replace(/\n{3,}/g, "\n\n")}\n`;
}

const htmlInline = (parts: Inline[]) =>
  parts
    .map((p) =>
      typeof p === "string"
        ? escapeXml(p)
        : `<data class="fig" value="${escapeXml(p.text)}" title="figures.json: ${escapeXml(p.path)}">${escapeXml(p.text)}</data>`,
    )
    .join("");

function htmlBlocks(blocks: Block[]): string {
  let html = "";
  let inList = false;
  for (const b of blocks) {
    if (b.kind === "bullet" && !inList) html += "<ul>";
    if (b.kind !== "bullet" && inList) html += "</ul>";
    inList = b.kind === "bullet";
    if (b.kind === "heading") html += `<h2>${htmlInline(b.parts)}</h2>`;
    else if (b.kind === "bullet") html += `<li>${htmlInline(b.parts)}</li>`;
    else if (b.kind === "placeholder") html += `<p class="placeholder">${htmlInline(b.parts)}</p>`;
    else if (b.kind === "ends") html += `<p class="ends">${htmlInline(b.parts)}</p>`;
    else html += `<p>${htmlInline(b.parts)}</p>`;
    html += "\n";
  }
  return inList ? `${html}</ul>` : html;
}

const CSS = `body{font-family:Arial,"Liberation Sans",sans-serif;max-width:44em;margin:2em auto;padding:0 1em;color:#212b32;line-height:1.5}
.embargo{font-weight:bold;letter-spacing:.02em}
.synthetic{background:#ffeb3b;padding:.6em 1em;font-weight:bold;border-left:6px solid #212b32}
.standfirst{font-size:1.2em;font-weight:bold}
.placeholder{background:#fff4c2;border:2px dashed #c25700;padding:.6em 1em;font-weight:bold}
.ends{text-align:center;font-weight:bold}
data.fig{border-bottom:1px dotted #4c6272}
table{border-collapse:collapse;font-size:.85em}td,th{border-bottom:1px solid #d8dde0;padding:2px 8px;text-align:left}
code{font-size:.95em}`;

/** One HTML page; each figure is a `<data>` element whose title names its figures.json path. */
export function releaseHtml(r: Release): string {
  const rows = r.figures
    .map((f) => `<tr><td>${escapeXml(f.text)}</td><td><code>${escapeXml(f.path)}</code></td></tr>`)
    .join("\n");
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(plainText(r.headline))}${r.synthetic ? " (synthetic demonstration data)" : ""}</title>
<style>${CSS}</style>
</head>
<body>
${r.synthetic ? `<p class="synthetic" role="note">${escapeXml(SYNTHETIC)}</p>` : ""}
<p class="embargo">${escapeXml(r.embargo)}</p>
<h1>${htmlInline(r.headline)}</h1>
<p class="standfirst">${htmlInline(r.standfirst)}</p>
${htmlBlocks(r.body)}
<h2>Notes to editors</h2>
<ol>${r.notes.map((n) => `<li>${htmlInline(n.parts)}</li>`).join("\n")}</ol>
<table><caption>Figures in this release and where each comes from in figures.json</caption><thead><tr><th>Figure</th><th>figures.json</th></tr></thead><tbody>
${rows}
</tbody></table>
</body>
</html>
`;
}
