import { lookup as dnsLookup } from "node:dns/promises";
import { isIP, connect as tcpConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import {
  TrackfinityApiError,
  type TrackfinityClientOptions,
  TrackfinityConnectionError,
  TrackfinityUnexpectedResponseError,
} from "../index.js";
import type { Flags } from "./args.js";
import { DOCTOR_TIMEOUT_MS } from "./commands.js";
import { errorText } from "./error-text.js";
import { exitCodeFor, InvalidInputError } from "./errors.js";
import type { ExitCodeValue } from "./exit-codes.js";
import { settingForOption } from "./option-flags.js";
import { callOperation, clientOptionsFrom, createClientFromFlags, type RunContext } from "./settings.js";

/** Resolves a host name to its addresses; injectable, so tests look up no name but `localhost`. */
export type Resolve = (hostname: string) => Promise<string[]>;

/** What `doctor` found at one step. */
export interface DoctorStep {
  step: "settings" | "dns" | "tcp" | "tls" | "ping";
  ok: boolean;
  detail: string;
}

/** Every step run, in order; on the first failure, its error, likely cause and fix. */
export interface DoctorReport {
  steps: DoctorStep[];
  failure?: { error: unknown; cause: string; fix: string };
}

const BASE_URL = settingForOption("baseUrl");
const KEY_AND_USER = `${settingForOption("apiKey")} and ${settingForOption("apiUsername")}`;

const defaultResolve: Resolve = async (hostname) =>
  (await dnsLookup(hostname, { all: true })).map((entry) => entry.address);

/** Settles when `open` connects, or rejects on its error or after `timeoutMs`; the socket is closed either way. */
function probe<S extends { destroy(): void; setTimeout(ms: number, cb: () => void): unknown }>(
  open: (onReady: () => void) => S,
  ready: (socket: S) => string,
  timeoutMs: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = open(() => {
      try {
        resolve(ready(socket));
      } catch (error) {
        reject(error);
      } finally {
        socket.destroy();
      }
    });
    (socket as unknown as NodeJS.EventEmitter).once("error", (error: Error) => {
      socket.destroy();
      reject(error);
    });
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" }));
    });
  });
}

const codeOf = (error: unknown) => String((error as { code?: unknown })?.code ?? "");

/** Why a network step failed and what to do, from the error's code. */
function networkAdvice(step: "dns" | "tcp" | "tls", error: unknown, host: string, port: number) {
  const code = codeOf(error);
  if (step === "dns")
    return {
      cause: `the host name ${host} does not resolve (${code || "no address"}): a typo in the base URL, or this machine's DNS can't see it.`,
      fix: `check the host in ${BASE_URL}; \`getent hosts ${host}\` shows what this machine resolves.`,
    };
  if (step === "tcp" && code === "ECONNREFUSED")
    return {
      cause: `nothing accepts connections on ${host}:${port}.`,
      fix: `check the port in ${BASE_URL}, and that the install's web server is running.`,
    };
  if (step === "tcp")
    return {
      cause: `${host}:${port} did not answer (${code}): a firewall, a proxy, or a wrong port.`,
      fix: `check the port in ${BASE_URL} and that this machine may reach the install.`,
    };
  return {
    cause: `the server's TLS certificate is not trusted for ${host} (${code || (error as Error).message}).`,
    fix: "use the host name the certificate is for; if the install uses a private CA, start trackfinity with NODE_EXTRA_CA_CERTS=/path/to/ca.pem.",
  };
}

/** Why ping failed, and what to do: what the answer's status points at ({@link TrackfinityApiError.advice}). */
function pingAdvice(error: unknown) {
  const advice = error instanceof TrackfinityApiError ? error.advice : undefined;
  if (advice?.code === "add_api_root")
    return {
      cause:
        "the base URL probably lacks the install's API root, which ends in /api: the server does not know the ping's path below it.",
      fix: `set ${BASE_URL} to ${advice.baseUrl}.`,
    };
  if (advice?.code === "check_credentials")
    return {
      cause:
        "a wrong API key or user name, or this machine's IP address is not on the install's admin API allow-list.",
      fix: `check ${KEY_AND_USER}, and add this machine's IP address to the admin API allow-list (the install's Security settings).`,
    };
  if (
    advice?.code === "set_base_url" ||
    advice?.code === "check_base_url" ||
    error instanceof TrackfinityUnexpectedResponseError
  )
    return {
      cause: "the base URL does not point at a Trackfinity API root.",
      fix: `set ${BASE_URL} to the install's API root, e.g. https://tracking.example.com/api.`,
    };
  return {
    cause: "the install answered, but not with success.",
    fix: "try again later; if it persists, ask the install's administrator.",
  };
}

/**
 * The checks of `trackfinity doctor`, in order, stopping at the first failure: the settings, DNS,
 * TCP and TLS to the host, then a ping with the credentials.
 */
export async function diagnose(
  options: TrackfinityClientOptions,
  resolve: Resolve = defaultResolve,
): Promise<DoctorReport> {
  const steps: DoctorStep[] = [];
  const fail = (step: DoctorStep["step"], error: unknown, advice: { cause: string; fix: string }) => {
    steps.push({ step, ok: false, detail: errorText(error) });
    return { steps, failure: { error, ...advice } };
  };
  let client: ReturnType<typeof createClientFromFlags>;
  try {
    client = createClientFromFlags({ ...options, maxRetries: 0 });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return fail("settings", error, {
      cause: "the settings are missing or unsafe.",
      fix: "set each one named above with its flag or environment variable.",
    });
  }
  const baseUrl = new URL(options.baseUrl ?? process.env.TRACKFINITY_BASE_URL ?? "");
  const host = baseUrl.hostname.replace(/^\[(.*)\]$/, "$1");
  const https = baseUrl.protocol === "https:";
  const port = Number(baseUrl.port) || (https ? 443 : 80);
  const timeoutMs = options.timeoutMs ?? DOCTOR_TIMEOUT_MS;
  steps.push({
    step: "settings",
    ok: true,
    detail: `${baseUrl.href.replace(/\/$/, "")}, both credentials set`,
  });

  let address = host;
  if (isIP(host)) steps.push({ step: "dns", ok: true, detail: `${host} is an IP address: no lookup` });
  else {
    try {
      const addresses = await Promise.race([
        resolve(host),
        new Promise<never>((_resolve, reject) => {
          setTimeout(
            () => reject(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })),
            timeoutMs,
          ).unref();
        }),
      ]);
      address = addresses[0] ?? "";
      if (!address) throw Object.assign(new Error(`no address for ${host}`), { code: "ENODATA" });
      steps.push({ step: "dns", ok: true, detail: `${host} → ${addresses.join(", ")}` });
    } catch (error) {
      return fail(
        "dns",
        new TrackfinityConnectionError(baseUrl.href, error),
        networkAdvice("dns", error, host, port),
      );
    }
  }

  const started = Date.now();
  try {
    await probe(
      (onReady) => tcpConnect({ host: address, port }, onReady),
      () => "",
      timeoutMs,
    );
    steps.push({
      step: "tcp",
      ok: true,
      detail: `connected to ${address}:${port} in ${Date.now() - started} ms`,
    });
  } catch (error) {
    return fail(
      "tcp",
      new TrackfinityConnectionError(baseUrl.href, error),
      networkAdvice("tcp", error, host, port),
    );
  }

  if (https) {
    try {
      const detail = await probe(
        (onReady) =>
          tlsConnect(
            { host: address, port, rejectUnauthorized: false, ...(isIP(host) ? {} : { servername: host }) },
            onReady,
          ),
        (socket) => {
          if (!socket.authorized) {
            throw Object.assign(new Error(String(socket.authorizationError)), {
              code: socket.authorizationError,
            });
          }
          return `certificate valid for ${host} until ${socket.getPeerCertificate().valid_to}`;
        },
        timeoutMs,
      );
      steps.push({ step: "tls", ok: true, detail });
    } catch (error) {
      return fail(
        "tls",
        new TrackfinityConnectionError(baseUrl.href, error),
        networkAdvice("tls", error, host, port),
      );
    }
  } else steps.push({ step: "tls", ok: true, detail: "skipped: plain http" });

  const pinged = Date.now();
  try {
    const answer = await callOperation(client, "ping", undefined, {});
    steps.push({
      step: "ping",
      ok: true,
      detail: `answered ${JSON.stringify(answer)?.slice(0, 80)} in ${Date.now() - pinged} ms`,
    });
  } catch (error) {
    return fail("ping", error, pingAdvice(error));
  }
  return { steps };
}

/** `trackfinity doctor`: prints one line per step, and the likely cause and fix of the first failure. */
export async function runDoctor(flags: Flags, context: RunContext): Promise<ExitCodeValue> {
  const { output } = context;
  const report = await diagnose({
    timeoutMs: DOCTOR_TIMEOUT_MS,
    ...clientOptionsFrom(flags, context.logger),
  });
  const code = report.failure ? exitCodeFor(report.failure.error) : 0;
  if (output.json) {
    const { failure } = report;
    output.data({
      ok: !failure,
      exitCode: code,
      steps: report.steps,
      ...(failure ? { cause: failure.cause, fix: failure.fix } : {}),
    });
  } else {
    // One report on stdout, failure included: the exit code tells a script how it ended.
    for (const { step, ok, detail } of report.steps) {
      output.out(`${ok ? "ok  " : "FAIL"}  ${step.padEnd(8)} ${detail.replace(/\n\s*/g, " ")}`);
    }
    if (report.failure) {
      output.out(`Likely cause: ${report.failure.cause}`);
      output.out(`Fix: ${report.failure.fix}`);
    } else output.out("All checks passed: the install answers these settings.");
  }
  return code as ExitCodeValue;
}
