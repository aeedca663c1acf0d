import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the fake server received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  fields: URLSearchParams;
}

/** How the fake answers one request. */
export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer: the request stays open until the server closes. */
  hold?: boolean;
  /** Answer once this settles: the test decides when. */
  after?: Promise<unknown>;
  delayMs?: number;
}

/** A node:http stand-in for a Trackfinity install on 127.0.0.1, recording what it receives. */
export interface FakeTrackfinity {
  /** The base URL, ending in /api. */
  url: string;
  received: Received[];
  /** Requests answered 2xx, i.e. updates the server applied. */
  applied: Received[];
  /** The most requests that were open at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

function text(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

/** Starts the fake; `answer` decides per request (default: 200 `true`). */
export async function startFakeTrackfinity(
  answer: (request: Received, index: number) => Answer = () => ({ status: 200, body: "true" }),
): Promise<FakeTrackfinity> {
  const received: Received[] = [];
  const applied: Received[] = [];
  const open = new Set<ServerResponse>();
  let inFlight = 0;
  const state = { maxInFlight: 0 };

  const server = createServer(async (req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on("close", () => {
      inFlight--;
      open.delete(res);
    });
    open.add(res);
    const body = await text(req);
    const request: Received = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      fields: new URLSearchParams(body),
    };
    const index = received.push(request) - 1;
    const reply = answer(request, index);
    if (reply.hold) return;
    await reply.after;
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (reply.status >= 200 && reply.status < 300) applied.push(request);
    res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
    res.end(reply.body ?? "");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    received,
    applied,
    get maxInFlight() {
      return state.maxInFlight;
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** How many times each customer id was applied (answered 2xx) by the server. */
export function timesApplied(applied: Received[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of applied) {
    const id = request.fields.get("customer_id") ?? "?";
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
