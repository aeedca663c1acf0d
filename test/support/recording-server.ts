import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listenOnLoopback } from "./listen-on-loopback.ts";

/** One request exactly as it reached the server. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** The raw body bytes. */
  body: Buffer;
}

/** Answers the n-th request (0-based); may also misbehave by using `response.socket` directly. */
export type Responder = (
  request: RecordedRequest,
  response: ServerResponse,
  index: number,
) => void | Promise<void>;

/** A real node:http server on 127.0.0.1 that records every request and answers as scripted. */
export interface RecordingServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Answers `true` like Trackfinity does on success. */
export const answerTrue: Responder = (_request, response) => {
  response.writeHead(200, { "content-type": "application/json" }).end("true");
};

/** Starts a recording server; `responders[i]` answers request i, the last one answers the rest. */
export async function startRecordingServer(...responders: Responder[]): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer(async (incoming, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const request: RecordedRequest = {
      method: incoming.method ?? "",
      path: incoming.url ?? "",
      headers: incoming.headers,
      body: Buffer.concat(chunks),
    };
    const index = requests.push(request) - 1;
    const respond = responders[Math.min(index, responders.length - 1)] ?? answerTrue;
    await respond(request, response, index);
  });
  return { ...(await listenOnLoopback(server)), requests };
}
