// The loopback server every round trip goes to: answers each request `true`, keeping connections alive.
// Prints its port on stdout; exits when its parent closes stdin, on SIGTERM, or after MAX_LIFETIME_MS.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const MAX_LIFETIME_MS = 15 * 60_000;

const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (request, response) => {
  request.resume();
  request.on("end", () => {
    response.writeHead(200, { "content-type": "application/json", "content-length": "4" });
    response.end("true");
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});

const stop = () => process.exit(0);
process.stdin.on("end", stop).resume();
process.on("SIGTERM", stop);
setTimeout(stop, MAX_LIFETIME_MS).unref();
