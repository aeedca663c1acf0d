import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** One misuse per line, each with the rule its compile error must name. */
const MISUSES: Array<[call: string, rule: string]> = [
  ["c.setCustomerDetails({ customer_id: 191 })", "at least one detail field: set firstname, lastname"],
  [
    "c.lockCustomer({ customer_id: 1, orderid: 'E-1' })",
    "exactly one lookup id: pass customer_id, subscription_id or orderid",
  ],
  [
    "c.setCustomerDetails({ customer_id: 1, subscription_id: 'S', firstname: 'x' })",
    "exactly one lookup id: pass customer_id or subscription_id",
  ],
  [
    "c.setCustomerDetails({ customer_id: 1, lastname: 'REMOVE' })",
    'the text \\"REMOVE\\" would delete lastname: pass the REMOVE constant',
  ],
  ["c.setCustomerDetails({ customer_id: 1, fristname: 'x' })", "unknown field: fristname"],
  [
    "c.voidTransaction({ orderid: 'O-1', transactionid: 1 })",
    "exactly one lookup id: pass transaction_hash, click_hash, orderid or transactionid",
  ],
];

let dir: string;
let diagnostics: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(root, "test/types/.compile-"));
  const lines = MISUSES.map(([call]) => `void ${call};`);
  await writeFile(
    join(dir, "misuse.ts"),
    [
      'import { createTrackfinityClient } from "../../../src/index.ts";',
      'const c = createTrackfinityClient({ baseUrl: "https://x.test/api", apiKey: "k", apiUsername: "u" });',
      ...lines,
      "",
    ].join("\n"),
  );
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: "../../../tsconfig.json",
      compilerOptions: { noEmit: true, allowImportingTsExtensions: true },
      include: ["misuse.ts"],
    }),
  );
  const result = await promisify(execFile)(join(root, "node_modules/.bin/tsc"), ["-p", dir], {
    cwd: root,
  }).catch((error: { stdout: string }) => error);
  // One block per error: its first line says where, the lines under it why.
  diagnostics = String(result.stdout).split(/\n(?=\S)/);
}, 60_000);

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a misused call fails to compile with an error that names the broken rule", () => {
  it.each(MISUSES.map(([call, rule], i) => ({ call, rule, line: i + 3 })))("$call", ({ rule, line }) => {
    const errors = diagnostics.filter((block) => block.includes(`misuse.ts(${line},`));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(rule);
  });
});
