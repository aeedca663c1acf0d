import { startPrism } from "./prism.ts";

const prism = await startPrism();
try {
  console.log(
    `Prism mock of openapi.yaml is answering at ${prism.url}. (The client demo arrives with the client.)`,
  );
} finally {
  await prism.stop();
}
