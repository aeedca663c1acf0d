// Run by test/runtimes/deno-bun.smoke.ts under Deno and Bun: the built library makes the README's
// three calls against SERVER_URL and prints their answers as JSON.
import { createTrackfinityClient, REMOVE } from "../../dist/index.js";

const trackfinity = createTrackfinityClient({
  baseUrl: process.env.SERVER_URL,
  apiKey: "smoke-key",
  apiUsername: "smoke",
});
const answers = [
  await trackfinity.setCustomerDetails({
    customer_id: 191,
    firstname: "Test",
    zip: "66666",
    address2: REMOVE,
  }),
  await trackfinity.lockCustomer({ orderid: "EVT-77031" }),
  await trackfinity.ping(),
];
console.log(JSON.stringify(answers));
