// Preloaded by the memory tests with `node --expose-gc --import`: every 100 ms it collects garbage and
// notes the live heap, so the peak reflects what the run retains, not when V8 chose to collect.
// At exit it writes {"maxHeapAfterGc": bytes, "maxRss": KiB} to $MEMORY_PROBE_FILE.
import { writeFileSync } from "node:fs";

let maxHeapAfterGc = 0;
const sample = () => {
  globalThis.gc?.();
  maxHeapAfterGc = Math.max(maxHeapAfterGc, process.memoryUsage().heapUsed);
};
setInterval(sample, 100).unref();
process.on("exit", () => {
  sample();
  const probe = { maxHeapAfterGc, maxRss: process.resourceUsage().maxRSS };
  writeFileSync(process.env.MEMORY_PROBE_FILE ?? "/dev/null", JSON.stringify(probe));
});
