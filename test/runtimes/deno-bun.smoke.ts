// The library and the CLI under Deno and Bun, the pinned builds of .ci/runtimes/ (installed by
// .ci/run; not part of `npm test`): the same bytes on the wire as under Node. Run with
// `npm run test:runtimes` after `npm ci --prefix .ci/runtimes --ignore-scripts`.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answerTrue, type RecordingServer, startRecordingServer } from "../support/recording-server.ts";
import { runCommand } from "../support/run-command.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pinned = JSON.parse(readFileSync(`${root}.ci/runtimes/package.json`, "utf8")).devDependencies as Record<
  string,
  string
>;

const RUNTIMES = [
  {
    name: "Deno",
    pkg: "@deno/linux-x64-glibc",
    bin: "deno",
    version: (stdout: string) => /^deno (\S+)/.exec(stdout)?.[1],
    // The library needs only the network and its one variable; the CLI is run as users run it.
    library: ["run", "--allow-net=127.0.0.1", "--allow-env=SERVER_URL"],
    cli: ["run", "--allow-all"],
  },
  {
    name: "Bun",
    pkg: "@oven/bun-linux-x64-baseline",
    bin: "bin/bun",
    version: (stdout: string) => stdout.trim(),
    library: [],
    cli: [],
  },
];

/** What each of the three calls must put on the wire, byte for byte, as it does under Node. */
const EXPECTED = [
  {
    method: "PATCH",
    path: "/customer/set_customer_details",
    contentType: "application/x-www-form-urlencoded",
    body: "customer_id=191&firstname=Test&zip=66666&address2=REMOVE",
  },
  {
    method: "PATCH",
    path: "/customer/lock",
    contentType: "application/x-www-form-urlencoded",
    body: "orderid=EVT-77031",
  },
  { method: "GET", path: "/service/ping", contentType: undefined, body: "" },
];

let server: RecordingServer;

beforeEach(async () => {
  server = await startRecordingServer(answerTrue);
});

afterEach(async () => {
  await server.close();
});

/** The requests the server received, as the wire-level facts EXPECTED lists. */
const received = () =>
  server.requests.map((request) => ({
    method: request.method,
    path: request.path,
    contentType: request.headers["content-type"],
    body: request.body.toString("latin1"),
  }));

describe.each(RUNTIMES)("under $name", (runtime) => {
  const executable = `${root}.ci/runtimes/node_modules/${runtime.pkg}/${runtime.bin}`;

  /** Runs the runtime in the repository; on failure the error carries its output. */
  const run = (args: string[], env: NodeJS.ProcessEnv) =>
    runCommand(executable, args, { cwd: root, env: { ...process.env, NO_COLOR: "1", ...env } });

  beforeAll(() => {
    if (!existsSync(executable)) {
      throw new Error(
        `${runtime.name} is missing at ${executable}; install the pinned runtimes: npm ci --prefix .ci/runtimes --ignore-scripts`,
      );
    }
  });

  it(`is the build pinned in .ci/runtimes/package.json`, async () => {
    const { stdout } = await run(["--version"], {});
    expect(runtime.version(stdout)).toBe(pinned[runtime.pkg]);
  });

  it("sends setCustomerDetails, lockCustomer and ping byte-exact through the library in dist/", async () => {
    const { stdout } = await run([...runtime.library, "test/runtimes/library-calls.mjs"], {
      SERVER_URL: server.url,
    });
    expect(stdout.trim()).toBe("[true,true,true]");
    expect(received()).toEqual(EXPECTED);
    expect(server.requests.map((request) => request.headers["api-key"])).toEqual(Array(3).fill("smoke-key"));
  });

  it("sends set-customer-details, lock-customer and ping byte-exact through the CLI in dist/", async () => {
    const env = {
      TRACKFINITY_BASE_URL: server.url,
      TRACKFINITY_API_KEY: "smoke-key",
      TRACKFINITY_API_USERNAME: "smoke",
    };
    const cli = [...runtime.cli, "dist/cli/main.js"];
    await run(
      [
        ...cli,
        "set-customer-details",
        ...["--customer-id", "191", "--firstname", "Test"],
        ...["--zip", "66666", "--remove", "address2"],
      ],
      env,
    );
    await run([...cli, "lock-customer", "--orderid", "EVT-77031"], env);
    const { stdout } = await run([...cli, "ping"], env);
    expect(stdout).toContain("true");
    expect(received()).toEqual(EXPECTED);
    expect(server.requests.map((request) => request.headers["api-key"])).toEqual(Array(3).fill("smoke-key"));
  });
});
