import { defineConfig } from "vitest/config";

// `npm run test:runtimes`: the Deno and Bun smoke test, which .ci/run runs after installing the pinned
// runtimes into .ci/runtimes/; `npm test` (vitest.config.ts) leaves it out, since it needs them.
export default defineConfig({
  test: {
    include: ["test/runtimes/**/*.smoke.ts"],
    globalSetup: ["test/setup/build.global.ts"],
    testTimeout: 30_000,
    reporters: process.env.CI
      ? [
          "default",
          ["json", { outputFile: process.env.VITEST_JSON_REPORT ?? ".vitest-results-runtimes.json" }],
        ]
      : ["default"],
  },
});
