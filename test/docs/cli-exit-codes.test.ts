import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { doctorExitCodeMeanings, EXIT_CODES } from "../../src/cli/exit-codes.ts";

const cliGuide = await readFile(new URL("../../docs/cli.md", import.meta.url), "utf8");

/** The rows of the first Markdown table after `marker`, each cell as plain words (no code or bold marks). */
function tableAfter(marker: string): string[][] {
  const start = cliGuide.indexOf(marker);
  expect(start, `docs/cli.md has no "${marker}"`).toBeGreaterThanOrEqual(0);
  const lines = cliGuide.slice(start).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const end = lines.findIndex((line, i) => i > first && !line.startsWith("|"));
  return lines.slice(first + 2, end).map((line) =>
    line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim().replaceAll("`", "").replaceAll("**", "")),
  );
}

describe("docs/cli.md's exit codes", () => {
  it("list every exit code with the meaning and advice of the CLI's table, in its order", () => {
    expect(tableAfter("## Exit codes")).toEqual(
      Object.values(EXIT_CODES).map(({ code, meaning, whatToDo }) => [String(code), meaning, whatToDo]),
    );
  });

  it("list doctor's exit codes with what the CLI's table says each means for doctor", () => {
    expect(tableAfter("mean for `doctor`")).toEqual(
      doctorExitCodeMeanings().map(([code, meaning]) => [String(code), meaning]),
    );
  });
});
