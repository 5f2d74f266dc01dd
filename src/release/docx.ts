/** The release as a Word document (the `docx` package): what press officers edit and send. */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";

import { plainText, type Block, type Inline, type Release } from "./content.ts";

const YELLOW = "FFEB3B";
const CREAM = "FFF4C2";

const runs = (parts: Inline[], bold = false): TextRun[] =>
  parts.map((p) => new TextRun({ text: typeof p === "string" ? p : p.text, bold }));

function block(b: Block): Paragraph {
  if (b.kind === "heading") {
    return new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(b.parts) });
  }
  if (b.kind === "bullet") return new Paragraph({ bullet: { level: 0 }, children: runs(b.parts) });
  if (b.kind === "placeholder") {
    return new Paragraph({
      shading: { type: ShadingType.CLEAR, fill: CREAM },
      border: {
        top: { style: "dashed", size: 8, color: "C25700", space: 4 },
        bottom: { style: "dashed", size: 8, color: "C25700", space: 4 },
        left: { style: "dashed", size: 8, color: "C25700", space: 4 },
        right: { style: "dashed", size: 8, color: "C25700", space: 4 },
      },
      spacing: { before: 120, after: 120 },
      children: runs(b.parts, true),
    });
  }
  if (b.kind === "ends") {
    return new Paragraph({ alignment: AlignmentType.CENTER, children: runs(b.parts, true) });
  }
  return new Paragraph({ spacing: { after: 120 }, children: runs(b.parts) });
}

const cell = (text: string, bold = false) =>
  new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });

/** The release as DOCX bytes. */
export async function releaseDocx(r: Release): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [];
  if (r.synthetic) {
    children.push(
      new Paragraph({
        shading: { type: ShadingType.CLEAR, fill: YELLOW },
        children: [
          new TextRun({
            text: "SYNTHETIC DEMONSTRATION DATA: not real NHS figures. Do not publish or quote this draft.",
            bold: true,
          }),
        ],
      }),
    );
  }
  children.push(
    new Paragraph({ children: [new TextRun({ text: r.embargo, bold: true })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: runs(r.headline) }),
    new Paragraph({ spacing: { after: 200 }, children: runs(r.standfirst, true) }),
    ...r.body.map(block),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun("Notes to editors")] }),
    ...r.notes.map(
      (n, i) =>
        new Paragraph({
          spacing: { after: 100 },
          children: [new TextRun(`${i + 1}. `), ...runs(n.parts)],
        }),
    ),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({
          tableHeader: true,
          children: [cell("Figure", true), cell("figures.json", true)],
        }),
        ...r.figures.map((f) => new TableRow({ children: [cell(f.text), cell(f.path)] })),
      ],
    }),
  );
  const doc = new Document({
    creator: "Ration Watch",
    title: plainText(r.headline),
    description: r.synthetic ? "Synthetic demonstration data" : "Media release draft",
    styles: { default: { document: { run: { font: "Arial", size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
