import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { listenOnLoopback } from "../support/listen-on-loopback.ts";

/** What the fault server does with one request, after it has read the whole request body. */
export type Fault =
  /** Answers normally: `status`, `headers`, `body`. */
  | { kind: "reply"; status: number; body?: string; headers?: Record<string, string | string[]> }
  /** Resets the TCP connection (RST) before sending anything. */
  | { kind: "reset-before-response" }
  /** Sends 200 with `Content-Length: 100`, 10 bytes of it, then resets the connection. */
  | { kind: "reset-mid-body" }
  /** Sends 200 and its headers, then nothing, ever (until the client or the server closes). */
  | { kind: "hang-after-headers" }
  /** Sends 200 and `body` one byte every `everyMs`. */
  | { kind: "trickle"; body: string; everyMs: number }
  /** Sends `status` and a body of `bytes` bytes, as fast as the client reads it. */
  | { kind: "huge-body"; status: number; bytes: number }
  /** Answers `status` with every request header echoed into the body, into response headers and `Location`. */
  | { kind: "echo-headers"; status: number; padTo?: number };

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `Date.now()` when the request was complete. */
  at: number;
  /** The fault it was answered with. */
  fault: Fault["kind"];
  /** Bytes of response body the server handed to the socket (for `huge-body` and `trickle`). */
  bodyBytesSent: number;
}

/** Picks the fault for the `index`-th request (0-based), e.g. from a list or a seeded random draw. */
export type Script = (request: RecordedRequest, index: number) => Fault;

export interface FaultServer {
  /** `http://127.0.0.1:<port>`: use as the client's baseUrl. */
  url: string;
  /** Every request received, in order of arrival. */
  requests: RecordedRequest[];
  /** Closes the server and destroys every open connection (hung and trickling ones included). */
  close(): Promise<void>;
}

export const reply = (status: number, body = "", headers: Record<string, string | string[]> = {}): Fault => ({
  kind: "reply",
  status,
  body,
  headers,
});

/** The success answer of the endpoint: 200 with the JSON value `true`. */
export const TRUE: Fault = reply(200, "true", { "content-type": "application/json" });

/** A script that plays `faults` in order and repeats the last one forever. */
export function inOrder(...faults: Fault[]): Script {
  if (faults.length === 0) throw new Error("inOrder needs at least one fault");
  return (_request, index) => faults[Math.min(index, faults.length - 1)] as Fault;
}

const CHUNK = Buffer.alloc(64 * 1024, "x");

function writeHuge(res: ServerResponse, bytes: number, record: RecordedRequest): void {
  const pump = () => {
    while (record.bodyBytesSent < bytes && !res.destroyed) {
      const size = Math.min(CHUNK.length, bytes - record.bodyBytesSent);
      record.bodyBytesSent += size;
      if (!res.write(CHUNK.subarray(0, size))) {
        res.once("drain", pump);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

function trickle(res: ServerResponse, body: Buffer, everyMs: number, record: RecordedRequest): void {
  const timer = setInterval(() => {
    if (res.destroyed) {
      clearInterval(timer);
      return;
    }
    const next = body.subarray(record.bodyBytesSent, record.bodyBytesSent + 1);
    record.bodyBytesSent += next.length;
    if (record.bodyBytesSent >= body.length) {
      clearInterval(timer);
      res.end(next);
    } else {
      res.write(next);
    }
  }, everyMs);
  res.on("close", () => clearInterval(timer));
}

function echo(res: ServerResponse, status: number, record: RecordedRequest, padTo = 0): void {
  const json = JSON.stringify(record.headers);
  // padTo places the echoed api-key across a given byte offset (e.g. the client's 64 KiB read cap).
  const key = String(record.headers["api-key"] ?? "");
  const body = padTo > 0 ? `${"p".repeat(Math.max(0, padTo - key.length / 2))}${key}${json}` : json;
  const headers: Record<string, string | string[]> = { "content-type": "application/json", "x-echo": json };
  for (const [name, value] of Object.entries(record.headers)) {
    if (value !== undefined) headers[`x-echo-${name}`] = value;
  }
  headers["set-cookie"] = [`k=${key}`, `session=${key}; HttpOnly`];
  headers.location = `http://127.0.0.1:1/echo?api-key=${key}`;
  headers["retry-after"] = key;
  res.writeHead(status, headers);
  res.end(body);
}

function perform(fault: Fault, res: ServerResponse, socket: Socket, record: RecordedRequest): void {
  switch (fault.kind) {
    case "reply":
      res.writeHead(fault.status, fault.headers);
      res.end(fault.body);
      return;
    case "reset-before-response":
      socket.resetAndDestroy();
      return;
    case "reset-mid-body":
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write("[true, tru");
      record.bodyBytesSent = 10;
      // Let the headers and the first bytes reach the client before the RST.
      setTimeout(() => socket.resetAndDestroy(), 20);
      return;
    case "hang-after-headers":
      res.writeHead(200, { "content-type": "application/json", "content-length": "4" });
      res.flushHeaders();
      return;
    case "trickle":
      res.writeHead(200, { "content-type": "application/json" });
      trickle(res, Buffer.from(fault.body), fault.everyMs, record);
      return;
    case "huge-body":
      res.writeHead(fault.status, { "content-type": "application/json" });
      writeHuge(res, fault.bytes, record);
      return;
    case "echo-headers":
      echo(res, fault.status, record, fault.padTo);
      return;
  }
}

/**
 * Starts an HTTP server on 127.0.0.1 (a free port) that answers each request as `script` says.
 * Call `close()` in the test's teardown: it also ends hung and trickling answers.
 */
export async function startFaultServer(script: Script = inOrder(TRUE)): Promise<FaultServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const record: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
        fault: "reply",
        bodyBytesSent: 0,
      };
      const fault = script(record, requests.length);
      record.fault = fault.kind;
      requests.push(record);
      perform(fault, res, req.socket, record);
    });
  });
  // A reset client socket is expected here, not a server failure.
  server.on("clientError", (_error, socket) => socket.destroy());
  return { ...(await listenOnLoopback(server)), requests };
}

/** A loopback port on which nothing listens: connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}
