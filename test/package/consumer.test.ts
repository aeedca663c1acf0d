import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { marked, type Token } from "marked";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerTrue, type RecordingServer, startRecordingServer } from "../support/recording-server.ts";
import { runCommand as run } from "../support/run-command.ts";

// dist/ is built once by the global setup; packing with --ignore-scripts keeps prepack from
// rebuilding it while other test files run the binary.
const root = fileURLToPath(new URL("../../", import.meta.url));
const tsc = join(root, "node_modules/.bin/tsc");
let project: string;
let tarball: string;
let tarballName: string;
let packed: string[];
let manifest: { dependencies?: Record<string, string> };
let dependencies: string[];
let server: RecordingServer;

const consumerTs = `import { createTrackfinityClient, REMOVE, TrackfinityValidationError, type SetCustomerDetailsParams } from "trackfinity-client";

declare const process: { env: Record<string, string | undefined> };
const trackfinity = createTrackfinityClient({ baseUrl: process.env.SERVER_URL, apiKey: "consumer-key", apiUsername: "consumer" });
const update: SetCustomerDetailsParams = { customer_id: 191, firstname: "Test", address2: REMOVE };
// @ts-expect-error: both lookup ids
const both: SetCustomerDetailsParams = { customer_id: 1, subscription_id: "S", firstname: "x" };
// @ts-expect-error: password cannot be removed
const noPassword: SetCustomerDetailsParams = { customer_id: 1, password: REMOVE };
// @ts-expect-error: unknown key
const typo: SetCustomerDetailsParams = { customer_id: 1, fristname: "x" };
void both; void noPassword; void typo;

const result: true = await trackfinity.setCustomerDetails(update);
try {
  // @ts-expect-error: the text "REMOVE" would delete lastname; the compiler says so where it sees the literal
  await trackfinity.setCustomerDetails({ customer_id: 1, lastname: "REMOVE" });
} catch (error) {
  console.log(result, error instanceof TrackfinityValidationError);
}
`;

const consumerCjs = `const { createTrackfinityClient, REMOVE } = require("trackfinity-client");
createTrackfinityClient({ baseUrl: process.env.SERVER_URL, apiKey: "cjs-key", apiUsername: "cjs" })
  .setCustomerDetails({ subscription_id: "SUB-1", city: REMOVE })
  .then((result) => console.log("cjs", result));
`;

/** Every link of a Markdown text that stays inside the package (no scheme, no protocol-relative URL). */
function relativeLinks(text: string): string[] {
  const hrefs: string[] = [];
  marked.walkTokens(marked.lexer(text), (token: Token) => {
    if (
      (token.type === "link" || token.type === "image") &&
      !/^([a-z][a-z0-9+.-]*:|\/\/)/i.test(token.href)
    ) {
      hrefs.push(token.href);
    }
  });
  return hrefs;
}

/** The ids GitHub and npm give a Markdown text's headings: lower case, punctuation dropped, spaces to hyphens. */
function headingIds(text: string): Set<string> {
  const ids = new Set<string>();
  marked.walkTokens(marked.lexer(text), (token: Token) => {
    if (token.type !== "heading") return;
    ids.add(
      token.text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .trim()
        .replace(/\s/g, "-"),
    );
  });
  return ids;
}

/**
 * The package's runtime dependencies and theirs, as installed in this repository: what a consumer's
 * `npm install trackfinity-client` brings, and nothing else.
 */
async function dependencyClosure(names: string[]): Promise<string[]> {
  const found = new Set<string>();
  const visit = async (name: string): Promise<void> => {
    if (found.has(name)) return;
    found.add(name);
    const manifest = JSON.parse(await readFile(join(root, "node_modules", name, "package.json"), "utf8"));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) await visit(dependency);
  };
  for (const name of names) await visit(name);
  return [...found].sort();
}

beforeAll(async () => {
  project = await mkdtemp(join(tmpdir(), "trackfinity-consumer-"));
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", project], {
    cwd: root,
  });
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarballName = info?.filename ?? "";
  tarball = join(project, tarballName);
  packed = (info?.files ?? []).map((file) => file.path).sort();
  manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8"));
  // Offline, with no registry: each dependency is packed from this repository's node_modules and
  // installed beside the tarball, so npm resolves every dependency without asking a registry.
  dependencies = await dependencyClosure(Object.keys(manifest.dependencies ?? {}));
  const packs: string[] = [];
  for (const name of dependencies) {
    const packedDependency = await run(
      "npm",
      [
        "pack",
        "--json",
        "--ignore-scripts",
        "--offline",
        "--pack-destination",
        project,
        join(root, "node_modules", name),
      ],
      { cwd: project },
    );
    packs.push(
      join(project, (JSON.parse(packedDependency.stdout) as Array<{ filename: string }>)[0]?.filename ?? ""),
    );
  }
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", tarball, ...packs], { cwd: project });
  server = await startRecordingServer(answerTrue);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(project, { recursive: true, force: true });
});

/** The installed `trackfinity` command, run in the consumer project against the recording server. */
function runInstalledCli(args: string[]) {
  return run(join(project, "node_modules/.bin/trackfinity"), args, {
    cwd: project,
    env: {
      ...process.env,
      TRACKFINITY_BASE_URL: server.url,
      TRACKFINITY_API_KEY: "bin-key",
      TRACKFINITY_API_USERNAME: "bin",
    },
  });
}

describe("the packed package, installed into a fresh project", () => {
  it("contains only what a consumer needs", () => {
    expect(packed.filter((path) => !path.startsWith("dist/"))).toEqual([
      "CHANGELOG.md",
      "LICENSE",
      "README.md",
      "docs/cli.md",
      "docs/guide.md",
      "openapi.yaml",
      "package.json",
    ]);
    expect(packed).toContain("dist/index.js");
    expect(packed).toContain("dist/index.d.ts");
    expect(packed.some((path) => /test|\.test\.|scripts\//.test(path))).toBe(false);
  });

  it("depends on openapi-fetch alone, so installing it brings only what the library runs", async () => {
    expect(Object.keys(manifest.dependencies ?? {})).toEqual(["openapi-fetch"]);
    expect(dependencies).toEqual(["openapi-fetch", "openapi-typescript-helpers"]);
    const modules = (await readdir(join(project, "node_modules"))).filter((name) => !name.startsWith("."));
    expect(modules.sort()).toEqual(["openapi-fetch", "openapi-typescript-helpers", "trackfinity-client"]);
  });

  it("links, from its README and the docs it ships, only to files and headings inside the tarball", async () => {
    const installed = join(project, "node_modules/trackfinity-client");
    const markdown = packed.filter((path) => path.endsWith(".md"));
    const broken: string[] = [];
    for (const file of markdown) {
      for (const href of relativeLinks(await readFile(join(installed, file), "utf8"))) {
        const [path = "", hash] = href.split("#");
        const target = path ? posix.normalize(posix.join(posix.dirname(file), decodeURI(path))) : file;
        if (!packed.includes(target))
          broken.push(`${file} links to ${href}: ${target} is not in the tarball`);
        else if (hash !== undefined && target.endsWith(".md")) {
          const ids = headingIds(await readFile(join(installed, target), "utf8"));
          if (!ids.has(hash)) broken.push(`${file} links to ${href}: ${target} has no heading "#${hash}"`);
        }
      }
    }
    expect(markdown).toContain("README.md");
    expect(broken).toEqual([]);
  });

  it("is the tarball that the README and the guide tell users to install from a clone", async () => {
    const installed = join(project, "node_modules/trackfinity-client");
    expect(await readFile(join(installed, "README.md"), "utf8")).toContain(
      `npm install ../trackfinity-client/${tarballName}`,
    );
    expect(await readFile(join(installed, "docs/guide.md"), "utf8")).toContain(tarballName);
  });

  it("ships the licenses of what the CLI bundles", () => {
    expect(packed).toContain("dist/cli/THIRD-PARTY-LICENSES.txt");
  });

  it("compiles a strict TypeScript consumer, misuse included, and runs it under Node's ESM", async () => {
    await writeFile(join(project, "consumer.ts"), consumerTs);
    await writeFile(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          types: [],
          lib: ["ES2023", "DOM"],
        },
        files: ["consumer.ts"],
      }),
    );
    await run(tsc, ["-p", "tsconfig.json"], { cwd: project });
    const { stdout } = await run("node", ["consumer.js"], {
      cwd: project,
      env: { ...process.env, SERVER_URL: server.url },
    });
    expect(stdout.trim()).toBe("true true");
    expect(server.requests.at(-1)?.body.toString()).toBe("customer_id=191&firstname=Test&address2=REMOVE");
  }, 60_000);

  it("installs the trackfinity command, which runs a dry run from the tarball", async () => {
    const { stdout } = await runInstalledCli([
      "set-customer-details",
      "--customer-id",
      "7",
      "--city",
      "Springfield",
      "--dry-run",
    ]);
    expect(stdout).toContain("PATCH");
    expect(stdout).toContain("customer_id=7&city=Springfield");
    expect(stdout).not.toContain("bin-key");
  });

  it("runs a bulk file with the CLI's bundled CSV parser, with only the library's dependencies installed", async () => {
    await writeFile(join(project, "locks.csv"), "customer_id,orderid\n11,\n,EVT-12\n");
    const before = server.requests.length;
    const { stdout } = await runInstalledCli(["lock-customer", "--from", "locks.csv"]);
    expect(stdout).toContain("Done: 2 ok, 0 failed");
    expect(
      server.requests
        .slice(before)
        .map((r) => r.body.toString())
        .sort(),
    ).toEqual(["customer_id=11", "orderid=EVT-12"]);
  });

  it("can be require()d from CommonJS on Node >= 20.19", async () => {
    await writeFile(join(project, "consumer.cjs"), consumerCjs);
    const { stdout } = await run("node", ["consumer.cjs"], {
      cwd: project,
      env: { ...process.env, SERVER_URL: server.url },
    });
    expect(stdout.trim()).toBe("cjs true");
    expect(server.requests.at(-1)?.body.toString()).toBe("subscription_id=SUB-1&city=REMOVE");
  });
});
