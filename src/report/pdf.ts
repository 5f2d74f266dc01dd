/**
 * report.pdf: the report page printed by headless Chromium (Debian's `chromium`, driven by
 * playwright-core; npm's browser downloads are never used). A4, page numbers in the footer and,
 * for synthetic data, a banner in the header of every page.
 */
import { existsSync } from "node:fs";

import { chromium } from "playwright-core";

import { escapeXml } from "./format.ts";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

/** The flags every headless Chromium run gets (the report's PDF, the browser tests). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

export interface PdfOptions {
  chromiumPath: string;
  title: string;
  synthetic: boolean;
}

const box =
  "font-family:Arial,'Liberation Sans',sans-serif;font-size:8px;width:100%;margin:0 12mm;color:#4c6272;";

function headerTemplate(o: PdfOptions): string {
  if (!o.synthetic) return "<span></span>";
  return `<div style="${box}text-align:center;"><span style="background:#ffeb3b;color:#212b32;font-weight:bold;padding:2px 8px;-webkit-print-color-adjust:exact;">Synthetic demonstration data — not real NHS figures</span></div>`;
}

function footerTemplate(o: PdfOptions): string {
  return `<div style="${box}display:flex;justify-content:space-between;"><span>${escapeXml(o.title)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}

/**
 * Prints `html` to `path`. Returns null on success, or a one-line reason when Chromium is missing
 * or fails to start (the caller turns it into a warning; the other outputs are unaffected).
 */
export async function printPdf(html: string, path: string, o: PdfOptions): Promise<string | null> {
  if (!existsSync(o.chromiumPath)) {
    return `report.pdf not written: Chromium not found at ${o.chromiumPath} (install Debian's chromium package, or give the path of a Chromium executable with --chromium PATH or RATIONWATCH_CHROMIUM)`;
  }
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: o.chromiumPath,
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return `report.pdf not written: Chromium at ${o.chromiumPath} did not start (${reason})`;
  }
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    await page.emulateMedia({ media: "print" });
    await page.pdf({
      path,
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: headerTemplate(o),
      footerTemplate: footerTemplate(o),
      margin: { top: "16mm", bottom: "16mm", left: "12mm", right: "12mm" },
      preferCSSPageSize: false,
    });
    return null;
  } finally {
    await browser.close();
  }
}
