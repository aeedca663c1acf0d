import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/setup/build.global.ts", "test/setup/prism.global.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
    testTimeout: 20_000,
    // CI reads the JSON report for its closing `N passed, N failed` line; locally the summary stays last.
    reporters: process.env.CI
      ? ["default", ["json", { outputFile: process.env.VITEST_JSON_REPORT ?? ".vitest-results.json" }]]
      : ["default"],
  },
});
