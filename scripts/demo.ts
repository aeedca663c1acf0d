// `npm start`: the client against the embedded Prism mock of openapi.yaml, end to end.
import { createTrackfinityClient, REMOVE, TrackfinityValidationError } from "../src/index.ts";
import { startPrism } from "./prism.ts";

const prism = await startPrism();
console.log(`Prism mock of openapi.yaml answering at ${prism.url}\n`);
try {
  const trackfinity = createTrackfinityClient({
    baseUrl: prism.url,
    apiKey: "demo-key-not-secret",
    apiUsername: "tf_admin",
  });

  const update = { customer_id: 191, firstname: "Test", zip: "66666", country: "US" } as const;
  console.log("1. Update customer 191:", JSON.stringify(update));
  console.log("   →", await trackfinity.setCustomerDetails(update));

  console.log("2. Remove address2 of subscription SUB-2041 with the REMOVE constant");
  console.log(
    "   →",
    await trackfinity.setCustomerDetails({ subscription_id: "SUB-2041", address2: REMOVE }),
  );

  console.log('3. A value that happens to read "REMOVE", plus a typo (from untyped data):');
  try {
    const untyped: unknown = { customer_id: 191, lastname: "REMOVE", fristname: "Test" };
    await trackfinity.setCustomerDetails(untyped as never);
  } catch (error) {
    if (!(error instanceof TrackfinityValidationError)) throw error;
    console.log(`   → refused before sending: ${error.message.replace(/\n/g, "\n     ")}`);
  }

  console.log("4. Void a refunded transaction (the client sends type=void itself)");
  console.log("   →", await trackfinity.voidTransaction({ orderid: "TRACKFINITY:14940018242790524363" }));

  console.log("5. Read the month's transaction report, page by page");
  for await (const page of trackfinity.getTransactionReportPages({ period: 5 })) {
    console.log(`   → ${page.count} records from ${page.offset}`);
  }
} finally {
  await prism.stop();
}
