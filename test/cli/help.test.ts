import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands.ts";
import { commandHelp } from "../../src/cli/help.ts";
import { OPERATIONS } from "../../src/generated/operation-data.ts";
import { cliEnv, runCli } from "./support/run-cli.ts";

const { details: DETAIL_FIELDS, lookup: LOOKUP_FIELDS } = OPERATIONS.setCustomerDetails;

const env = cliEnv();

describe("help and version", () => {
  it("prints the command list for --help and exits 0", async () => {
    const result = await runCli(["--help"], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage:");
    expect(result.stdout).toContain("set-customer-details");
  });

  it("prints the help on stderr and exits 2 when run with no arguments", async () => {
    const result = await runCli([], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("set-customer-details");
  });

  it.each([
    [["set-customer-details", "--help"]],
    [["set-customer-details", "-h"]],
    [["help", "set-customer-details"]],
  ])("prints the command's help for %j", async (args) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "trackfinity set-customer-details (--customer-id ID | --subscription-id ID)",
    );
    expect(result.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+2 .*\n\s+3 .*\n\s+4 /);
  });

  it("lists one flag per spec field, taken from the generated field list", async () => {
    const { stdout } = await runCli(["set-customer-details", "--help"], env);
    for (const field of [...LOOKUP_FIELDS, ...DETAIL_FIELDS]) {
      expect(stdout).toMatch(new RegExp(`--${field.replaceAll("_", "-")} (ID|TEXT) `));
    }
  });

  it("describes only what the command has: no --from defaults or bulk exit codes without --from", async () => {
    const ping = await runCli(["ping", "--help"], env);
    expect(ping.stdout).toMatch(
      /--patience DURATION\s+How long a call keeps trying .* Default: 2m \(the\s+library's\)\./s,
    );
    for (const command of COMMANDS) {
      const help = commandHelp(command);
      if (!command.flags.some((flag) => flag.name === "from")) {
        expect(help, command.name).not.toContain("--from");
        expect(help, command.name).not.toMatch(/^ {2}5 /m);
      }
    }
  });

  it("prints the package version for --version", async () => {
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
    for (const args of [["--version"], ["set-customer-details", "--version"]]) {
      const result = await runCli(args, env);
      expect(result.code).toBe(0);
      expect(result.stdout.trim()).toBe(pkg.version);
    }
  });

  it("suggests the command meant by a typo and exits 2", async () => {
    const result = await runCli(["set-customer-detail", "--customer-id", "1"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Did you mean set-customer-details?");
  });

  it("suggests the flag meant by a typo and exits 2", async () => {
    const result = await runCli(["set-customer-details", "--customer-id", "1", "--fristname", "A"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Did you mean --firstname?");
  });
});
