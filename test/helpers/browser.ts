/**
 * The browser tests' set-up: the app on a 127.0.0.1 socket and Debian's Chromium through
 * playwright-core with the same flags as the report's PDF. Run where /usr/bin/chromium exists.
 */
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";

import { serve } from "@hono/node-server";
import { chromium, type Browser } from "playwright-core";

import { CHROMIUM_ARGS, DEFAULT_CHROMIUM } from "../../src/report/pdf.ts";

/** True when Chromium is installed; otherwise says in one line that `what` were not run. */
export function chromiumPresent(what: string): boolean {
  if (existsSync(DEFAULT_CHROMIUM)) return true;
  console.log(`${what} not run: no Chromium at ${DEFAULT_CHROMIUM}`);
  return false;
}

/** Debian's Chromium with the report's flags. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: DEFAULT_CHROMIUM, args: CHROMIUM_ARGS });
}

export interface BrowserSession {
  /** `http://127.0.0.1:<port>` */
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Serves `fetch` on a free loopback port and starts one browser for the tests. */
export async function serveToBrowser(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<BrowserSession> {
  const server = serve({ fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  return {
    base,
    browser,
    async close() {
      await browser.close();
      server.close();
    },
  };
}
