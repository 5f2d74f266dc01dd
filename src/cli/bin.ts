// Runs the CLI from source (tests and `npm run dev`); the installed command uses bin/rationwatch.js.
import { run } from "./run.ts";

await run();
