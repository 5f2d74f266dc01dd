// Preloaded into benchmarked commands (`node --import ./bench/cpu-usage.mjs …`): when the process
// exits it writes its CPU time (user + system of every thread, from getrusage) in milliseconds to
// the file named by RW_BENCH_CPU_FILE, so a benchmark reports CPU beside wall time. Load inflates
// wall time far more than CPU time.
import { writeFileSync } from "node:fs";

const file = process.env.RW_BENCH_CPU_FILE;
if (file) {
  process.on("exit", () => {
    const { userCPUTime, systemCPUTime } = process.resourceUsage();
    writeFileSync(file, String((userCPUTime + systemCPUTime) / 1000));
  });
}
