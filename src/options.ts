/** Where the client writes what it does. Any of `console`, pino, winston… fits. */
export interface TrackfinityLogger {
  /** One line per attempt: method, URL, status or failure, duration. */
  debug?(message: string): void;
  /** One line per retry: why, and how long it waits. */
  warn?(message: string): void;
}

/** Options of {@link createTrackfinityClient}. */
export interface TrackfinityClientOptions {
  /**
   * The API root of your Trackfinity install, ending in `/api`.
   * Must be `https://`, except for loopback hosts or with `allowInsecureHttp`.
   * @default process.env.TRACKFINITY_BASE_URL
   * @example "https://tracking.example.com/api"
   */
  baseUrl?: string | undefined;
  /**
   * The admin's API key, sent as the `api-key` header. Never logged or put in an error.
   * @default process.env.TRACKFINITY_API_KEY
   */
  apiKey?: string | undefined;
  /**
   * The admin's user name, sent as the `api-username` header.
   * @default process.env.TRACKFINITY_API_USERNAME
   */
  apiUsername?: string | undefined;
  /**
   * Milliseconds one attempt may take, body included, before it is abandoned (and retried).
   * @default 30_000
   */
  timeoutMs?: number | undefined;
  /**
   * How many times a failed attempt is retried: on connection errors, timeouts, 408 and 5xx other
   * than 503 only. A 429 or 503 is retried within `patienceMs` first, on top of these.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * How long one call keeps trying while the server asks it to wait (429, 503, or the install down),
   * in milliseconds, counted from the call's start (a turn waited in the queue counts). Each wait is
   * the server's `Retry-After`, or a backoff. Past it, the call fails with the server's last answer (still after `maxRetries` retries).
   * @default 120_000
   */
  patienceMs?: number | undefined;
  /**
   * The most attempts this client has in flight at once, across all its calls and operations; more
   * calls wait their turn. With `adaptiveConcurrency`, the client works below it as the server allows.
   * @default 8
   */
  maxConcurrency?: number | undefined;
  /**
   * Lower the in-flight limit when the server answers 429 or 503 (to what it then accepted), and
   * raise it back slowly as calls succeed, never above `maxConcurrency`. While every answer is a 503
   * or a connection error, send one probe at a time instead of one request per waiting call.
   * @default true
   */
  adaptiveConcurrency?: boolean | undefined;
  /**
   * With `adaptiveConcurrency`, also follow how fast the install answers: start at no more than 4
   * attempts in flight, grow while answers keep the install's unloaded pace, and come down when they
   * slow down because requests wait in the install's queue. A busy install seldom answers 429; it
   * gets slower for everyone, its live traffic included. A server that is slow by nature keeps the
   * whole `maxConcurrency`. `client.limiter.slowing` tells when latency sets the pace.
   * @default true
   */
  adaptToLatency?: boolean | undefined;
  /**
   * A fixed cap on requests per second, across all calls: attempts start at least `1000 / n` ms apart.
   * @default undefined (no cap)
   * @example 50
   */
  maxRatePerSecond?: number | undefined;
  /**
   * The longest `Retry-After` wait honoured, in milliseconds. A longer one fails at once,
   * with the asked wait on the error's `retryAfterMs`.
   * @default 60_000
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * The `fetch` to use, e.g. one with a proxy agent, or a test double.
   * @default globalThis.fetch
   */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /**
   * Allows an `http://` baseUrl on a non-loopback host. The API key then travels in clear text.
   * @default false
   */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Allows creating a client in a browser. These are admin keys: anyone who can open the page can read them.
   * @default false
   */
  dangerouslyAllowBrowser?: boolean | undefined;
  /**
   * Receives a line per attempt (`debug`) and per retry (`warn`). Credentials are never logged.
   * @default undefined (silent)
   * @example { debug: console.debug, warn: console.warn }
   */
  logger?: TrackfinityLogger | undefined;
}

/** Per-call options of every operation. */
export interface CallOptions {
  /** Aborts the call (and any retry wait); the call then rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal | undefined;
  /**
   * A graceful stop (a shutdown signal): a request in flight finishes, but the call makes no further
   * attempt and stops at once if it is waiting (its turn, a backoff, a `Retry-After`), rejecting with
   * the signal's reason.
   */
  stopSignal?: AbortSignal | undefined;
  /**
   * Overrides the client's `timeoutMs` for this call.
   * @default the client's timeoutMs
   */
  timeoutMs?: number | undefined;
  /**
   * Overrides the client's `maxRetries` for this call.
   * @default the client's maxRetries
   */
  maxRetries?: number | undefined;
  /**
   * Overrides the client's `patienceMs` for this call.
   * @default the client's patienceMs
   */
  patienceMs?: number | undefined;
}
