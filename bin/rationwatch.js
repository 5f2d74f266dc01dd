#!/usr/bin/env node
// The installed command. `npm install` runs `prepare`, which compiles src/ to dist/.
import { run } from "../dist/cli/run.js";

await run();
