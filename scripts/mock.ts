// `npm run mock`: the Prism mock of openapi.yaml on 127.0.0.1:4010, at the URLs a real install
// answers (`http://127.0.0.1:4010/api/customer/…`), until Ctrl-C. Exits 1 with one line when the
// port is taken or Prism stops by itself.
import { PortInUseError, startPrism } from "./prism.ts";

const port = Number(process.env.PORT ?? 4010);
const fail = (message: string): never => {
  console.error(`mock: ${message}`);
  process.exit(1);
};

const mock = await startPrism({ port, echo: true }).catch((error: Error) =>
  fail(
    error instanceof PortInUseError
      ? `${error.message}; stop it, or pick another port: PORT=${port + 1} npm run mock`
      : error.message,
  ),
);
console.log(`\nmock: Prism answers at ${mock.url} (use it as the base URL); Ctrl-C stops it.`);
let stopping = false;
void mock.exited.then((how) => {
  if (!stopping) fail(`Prism stopped by itself (${how}); the mock is down.`);
});
const stop = () => {
  stopping = true;
  void mock.stop().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
