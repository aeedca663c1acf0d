// `npm run mock`: the Prism mock of openapi.yaml on 127.0.0.1:4010, at the URLs a real install
// answers (`http://127.0.0.1:4010/api/customer/…`), until Ctrl-C.
import { startPrism } from "./prism.ts";

const port = Number(process.env.PORT ?? 4010);
const mock = await startPrism({ port, stdio: "inherit" });
console.log(`\nmock: Prism answers at ${mock.url} (use it as the base URL); Ctrl-C stops it.`);
const stop = () => void mock.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
