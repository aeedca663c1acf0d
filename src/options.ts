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
   * How many times a failed attempt is retried: on connection errors, timeouts, 408, 429 and 5xx only.
   * @default 2
   */
  maxRetries?: number | undefined;
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

/** Per-call options of `setCustomerDetails`. */
export interface CallOptions {
  /** Aborts the call (and any retry wait); the call then rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal | undefined;
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
}
