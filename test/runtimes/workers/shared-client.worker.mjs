// A Worker that makes one client at module scope, as the guide shows, and serves every request with
// it: `/limiter` answers what the client's pacer is doing, any other path locks customer 191.
import { createTrackfinityClient } from "../../../dist/index.js";

/** @type {import("../../../dist/index.js").TrackfinityClient | undefined} */
let client;

export default {
  /** @param {Request} request @param {Record<string, string>} env */
  async fetch(request, env) {
    client ??= createTrackfinityClient({
      baseUrl: env.TRACKFINITY_BASE_URL,
      apiKey: env.TRACKFINITY_API_KEY,
      apiUsername: env.TRACKFINITY_API_USERNAME,
      ...JSON.parse(env.CLIENT_OPTIONS),
    });
    if (new URL(request.url).pathname === "/limiter") return Response.json(client.limiter);
    try {
      return Response.json({ ok: true, answer: await client.lockCustomer({ customer_id: 191 }) });
    } catch (error) {
      return Response.json({ ok: false, error: error.name, status: error.status });
    }
  },
};
