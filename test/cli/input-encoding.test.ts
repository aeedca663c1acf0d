import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { useTempDirAndFake } from "./support/fixtures.ts";
import { apiEnv, runCli } from "./support/run-cli.ts";

const CMD = "set-customer-details";
const { inDir, serve } = useTempDirAndFake();

async function write(name: string, bytes: Buffer | string): Promise<string> {
  const path = inDir(name);
  await writeFile(path, bytes);
  return path;
}

/** Text as windows-1252 bytes, for the few letters these tests use beyond ASCII. */
function windows1252(text: string): Buffer {
  const high: Record<string, number> = { "€": 0x80, "’": 0x92, "“": 0x93, "”": 0x94 };
  return Buffer.from([...text].map((c) => high[c] ?? c.charCodeAt(0)));
}

/** UTF-16 bytes with their byte-order mark. */
function utf16(text: string, order: "le" | "be"): Buffer {
  const bytes = Buffer.from(text, "utf16le");
  if (order === "be") bytes.swap16();
  return Buffer.concat([Buffer.from(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]), bytes]);
}

const CSV = "customer_id,firstname,lastname\r\n191,Zoë,O’Brien\r\n";
const NDJSON = '{"customer_id":"191","firstname":"Zoë","lastname":"O’Brien"}\r\n';

describe("input is read as written, or refused", () => {
  it("refuses a Latin-1 CSV or NDJSON file as not UTF-8, naming the line, and sends nothing", async () => {
    const server = await serve();
    const csv = await write("latin1.csv", Buffer.from("customer_id,firstname\n190,Ann\n191,Zoë\n", "latin1"));
    const ndjson = await write(
      "latin1.ndjson",
      Buffer.from('{"customer_id":"191","firstname":"Zoë"}\n', "latin1"),
    );
    for (const [file, line] of [
      [csv, 3],
      [ndjson, 1],
    ] as const) {
      for (const extra of [[], ["--dry-run"]]) {
        const result = await runCli([CMD, "--from", file, ...extra], apiEnv(server.url));
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(
          `line ${line}: not valid UTF-8; if the file was saved as Latin-1 or Windows-1252 (as spreadsheets often save CSV), pass --encoding windows-1252\n`,
        );
        expect(result.stdout).toContain("nothing was sent");
      }
    }
    expect(server.received).toHaveLength(0);
  });

  it("names the line of a bad byte far into the file, and reads a character split between reads", async () => {
    const server = await serve();
    // 64 KiB is the size of one read: "é" is placed across the first two.
    const head = "customer_id,firstname\n";
    const rows: string[] = [];
    let size = head.length;
    for (let id = 1; size < 65_536 - 40; id++) {
      rows.push(`${id},Name ${id}\n`);
      size += rows.at(-1)?.length ?? 0;
    }
    const padding = "x".repeat(65_536 - size - "9999999,".length - 1);
    const text = Buffer.from(`${head}${rows.join("")}9999999,${padding}é\n`);
    expect(text[65_535]).toBe(0xc3);
    const good = await write("split.csv", text);
    expect((await runCli([CMD, "--from", good, "--dry-run"], apiEnv(server.url))).code).toBe(0);

    const bad = await write("far.csv", Buffer.concat([text, Buffer.from("10000000,Zo\xeb\n", "latin1")]));
    const result = await runCli([CMD, "--from", bad, "--dry-run"], apiEnv(server.url));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^line ${rows.length + 3}: not valid UTF-8;`));
  });

  it("reads --encoding latin1 and windows-1252 files as written, accents, quotes and € included", async () => {
    const server = await serve();
    const csv = await write(
      "cp1252.csv",
      windows1252("customer_id,firstname,lastname\n191,Zoë,O’Brien “€”\n"),
    );
    const ndjson = await write(
      "cp1252.ndjson",
      windows1252('{"customer_id":"191","firstname":"Zoë","lastname":"O’Brien “€”"}\n'),
    );
    for (const file of [csv, ndjson]) {
      for (const encoding of ["latin1", "windows-1252"]) {
        const result = await runCli([CMD, "--from", file, "--encoding", encoding], apiEnv(server.url));
        expect(result.code).toBe(0);
      }
    }
    expect(server.applied.map((r) => [r.fields.get("firstname"), r.fields.get("lastname")])).toEqual(
      Array(4).fill(["Zoë", "O’Brien “€”"]),
    );
  });

  it("refuses an --encoding it does not know", async () => {
    const file = await write("any.csv", "customer_id,firstname\n191,Ann\n");
    const result = await runCli(
      [CMD, "--from", file, "--encoding", "ebcdic"],
      apiEnv("https://t.example.test/api"),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'trackfinity: --encoding must be utf8, latin1 or windows-1252, got "ebcdic".\n',
    );
  });

  it("keeps reading UTF-8 with a byte-order mark, CRLF line ends, and UTF-16 CSV with a byte-order mark", async () => {
    const server = await serve();
    const files = [
      await write("bom.csv", `\uFEFF${CSV}`),
      await write("bom.ndjson", `\uFEFF${NDJSON}`),
      await write("utf16le.csv", utf16(CSV, "le")),
    ];
    for (const file of files) {
      expect((await runCli([CMD, "--from", file], apiEnv(server.url))).code, file).toBe(0);
    }
    expect(server.applied.map((r) => [r.fields.get("firstname"), r.fields.get("lastname")])).toEqual(
      Array(files.length).fill(["Zoë", "O’Brien"]),
    );
  });

  it("reads the encoding a byte-order mark names, UTF-16 big-endian and NDJSON too, whatever --encoding says", async () => {
    const server = await serve();
    const files = [
      await write("utf16be.csv", utf16(CSV, "be")),
      await write("utf16le.ndjson", utf16(NDJSON, "le")),
      await write("utf16be.ndjson", utf16(NDJSON, "be")),
      await write("bom-over-flag.csv", `\uFEFF${CSV}`),
    ];
    for (const file of files) {
      const result = await runCli([CMD, "--from", file, "--encoding", "latin1"], apiEnv(server.url));
      expect(result.code, file).toBe(0);
    }
    expect(server.applied.map((r) => [r.fields.get("firstname"), r.fields.get("lastname")])).toEqual(
      Array(files.length).fill(["Zoë", "O’Brien"]),
    );
  });

  it("refuses an NDJSON line over 1 MiB, as CSV refuses such a record, naming its line", async () => {
    const server = await serve();
    const long = JSON.stringify({ customer_id: "2", firstname: "x".repeat(2 * 1024 * 1024) });
    const file = await write(
      "long.ndjson",
      `{"customer_id":"1","firstname":"Ann"}\n${long}\n{"customer_id":"3","firstname":"Cy"}\n`,
    );
    const result = await runCli([CMD, "--from", file], apiEnv(server.url));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "line 2: row: is longer than 1 MiB, the most one row may take; it was not read\n",
    );
    expect(server.received).toHaveLength(0);
  });
});
