import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
let copy: string;

/** Adds `custom6` to openapi.yaml the way a spec author would: a schema and a property in each branch. */
async function addCustom6(dir: string) {
  const file = join(dir, "openapi.yaml");
  const spec = parse(await readFile(file, "utf8"));
  spec.components.schemas.Custom6 = { type: "string", description: "Custom field 6.", examples: ["x"] };
  for (const branch of ["SetCustomerDetailsByCustomerId", "SetCustomerDetailsBySubscriptionId"]) {
    spec.components.schemas[branch].properties.custom6 = { $ref: "#/components/schemas/Custom6" };
  }
  await writeFile(file, stringify(spec));
}

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), "trackfinity-spec-"));
  for (const entry of ["openapi.yaml", "scripts", "src", "tsconfig.json", "package.json"]) {
    await cp(join(root, entry), join(copy, entry), { recursive: true });
  }
  await symlink(join(root, "node_modules"), join(copy, "node_modules"), "dir");
  await addCustom6(copy);
}, 30_000);

afterAll(() => rm(copy, { recursive: true, force: true }));

describe("a field added to openapi.yaml reaches the client with no edit under src/", () => {
  it("makes check:generated fail, naming the stale files, until generate runs", async () => {
    const failure = await run("node", ["scripts/generate.mjs", "--check"], { cwd: copy }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain("src/generated/openapi.ts");
    expect(failure.stderr).toContain("src/generated/fields.ts");
    expect(failure.stderr).toContain("Run `npm run generate`");
  });

  it("after generate, is typed, validated and sent", async () => {
    await run("node", ["scripts/generate.mjs"], { cwd: copy });
    await run("node", ["scripts/generate.mjs", "--check"], { cwd: copy });

    await writeFile(
      join(copy, "src", "uses-custom6.ts"),
      `import type { SetCustomerDetailsParams } from "./index.js";
export const update: SetCustomerDetailsParams = { customer_id: 1, custom6: "six" };
// @ts-expect-error custom7 is still unknown
export const unknown: SetCustomerDetailsParams = { customer_id: 1, custom7: "seven" };
`,
    );
    await run(join(copy, "node_modules/.bin/tsc"), ["--noEmit", "-p", "tsconfig.json"], { cwd: copy });

    await writeFile(
      join(copy, "encode-custom6.ts"),
      `import { encodeParams } from "./src/encode-params.ts";
console.log(encodeParams({ customer_id: 1, custom6: "six" }).toString());
try { encodeParams({ customer_id: 1, custom7: "seven" }); } catch (error) { console.log((error as Error).name); }
`,
    );
    const { stdout } = await run(join(copy, "node_modules/.bin/tsx"), ["encode-custom6.ts"], { cwd: copy });
    expect(stdout.trim().split("\n")).toEqual(["customer_id=1&custom6=six", "TrackfinityValidationError"]);
  }, 60_000);
});
