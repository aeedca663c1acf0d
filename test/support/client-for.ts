import { inject, onTestFinished } from "vitest";
import { createTrackfinityClient, type TrackfinityClientOptions } from "../../src/index.ts";
import { type RecordingServer, type Responder, startRecordingServer } from "./recording-server.ts";

/** A key that must never show up anywhere observable. */
export const SENTINEL_KEY = "sentinel-key-0f9e8d7c6b5a";
export const USERNAME = "tf_admin";

/** Starts a recording server for this test only, and a client pointed at it. */
export async function serverAndClient(
  responders: Responder[] = [],
  options: TrackfinityClientOptions = {},
): Promise<{ server: RecordingServer; client: ReturnType<typeof createTrackfinityClient> }> {
  const server = await startRecordingServer(...responders);
  onTestFinished(() => server.close());
  const client = createTrackfinityClient({
    baseUrl: server.url,
    apiKey: SENTINEL_KEY,
    apiUsername: USERNAME,
    ...options,
  });
  return { server, client };
}

/** A client against the Prism mock that records each body that left the process. */
export function prismClient() {
  const sent: string[] = [];
  const client = createTrackfinityClient({
    baseUrl: inject("prismUrl"),
    apiKey: "contract-key",
    apiUsername: "contract-admin",
    fetch: async (request) => {
      sent.push(await request.clone().text());
      return fetch(request);
    },
  });
  return { client, sent };
}

/** Runs `promise` and returns what it rejected with (fails the test if it resolved). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to reject, but it resolved");
}
