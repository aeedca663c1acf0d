import { afterEach, describe, expect, it, vi } from "vitest";
import { describeError, errorText } from "../../src/cli/error-text.ts";
import { InvalidInputError } from "../../src/cli/errors.ts";
import { type InputIssue, type InputSource, issueFor } from "../../src/cli/issue-text.ts";
import { checkParams } from "../../src/cli/params.ts";
import { createClientFromFlags } from "../../src/cli/settings.ts";
import { OPERATIONS } from "../../src/generated/operation-data.ts";
import {
  TrackfinityApiError,
  TrackfinityTimeoutError,
  TrackfinityUnexpectedResponseError,
  type ValidationProblem,
  type ValidationRule,
  validateParams,
} from "../../src/index.ts";

// Every message the library writes for a validation problem is reworded in this file: what the CLI
// prints must not change, because it writes its text from the problem's data.
const REWORDED = "a reworded library message";
vi.mock("../../src/errors/validation-problem.ts", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  describeProblem: () => REWORDED,
}));

afterEach(() => {
  vi.unstubAllEnvs();
});

const options = { kind: "options" } as const;
const flags = { kind: "flags", operation: "setCustomerDetails" } as const;
const rows = { kind: "rows", removeToken: undefined } as const;
const lookups = ["customer_id", "subscription_id"];

/** One problem of each rule, where the CLI meets it, and the issue the CLI writes for it. */
const ISSUES = {
  unknown_field: [
    { field: "fristname", code: "unknown_field", known: ["customer_id", "firstname"] },
    rows,
    { field: "fristname", message: "unknown field; known fields: customer_id, firstname" },
  ],
  lookup_count: [
    { field: "customer_id or subscription_id", code: "lookup_count", lookups, given: 2 },
    flags,
    { field: "--customer-id or --subscription-id", message: "pass only one" },
  ],
  too_few_details: [
    { field: "details", code: "too_few_details", min: 1, details: ["firstname", "lastname"] },
    flags,
    {
      field: "fields",
      message: "set at least one field (e.g. --firstname TEXT) or remove one with --remove FIELD",
    },
  ],
  not_removable: [
    { field: "password", code: "not_removable" },
    flags,
    { field: "--password", message: "can't be removed" },
  ],
  literal_remove: [
    { field: "firstname", code: "literal_remove", token: "REMOVE" },
    flags,
    {
      field: "--firstname",
      message:
        'the value "REMOVE" would delete this field on the server; to remove it, use --remove firstname',
    },
  ],
  number_for_text: [
    { field: "zip", code: "number_for_text", value: 2134 },
    rows,
    { field: "zip", message: 'pass "2134" as a string' },
  ],
  not_an_id: [
    { field: "customer_id", code: "not_an_id" },
    rows,
    { field: "customer_id", message: "must be a whole number >= 0, or a string" },
  ],
  empty: [{ field: "orderid", code: "empty" }, rows, { field: "orderid", message: "is empty" }],
  lone_surrogate: [
    { field: "firstname", code: "lone_surrogate" },
    flags,
    { field: "--firstname", message: "has a lone UTF-16 surrogate" },
  ],
  unknown_operation: [
    { field: "operationId", code: "unknown_operation", known: ["lockCustomer", "unlockCustomer"] },
    options,
    { field: "operationId", message: "expected one of lockCustomer, unlockCustomer" },
  ],
  missing: [
    { field: "apiKey", code: "missing", env: "TRACKFINITY_API_KEY" },
    options,
    { field: "--api-key", message: "missing; pass it, or set TRACKFINITY_API_KEY" },
  ],
  not_printable: [
    { field: "apiUsername", code: "not_printable" },
    options,
    { field: "--api-username", message: "must be printable ASCII, no CR/LF or edge spaces" },
  ],
  in_browser: [
    { field: "dangerouslyAllowBrowser", code: "in_browser" },
    options,
    { field: "dangerouslyAllowBrowser", message: "refused in a browser, where it exposes the admin key" },
  ],
  not_absolute_url: [
    { field: "baseUrl", code: "not_absolute_url" },
    options,
    { field: "--base-url", message: "is not an absolute URL" },
  ],
  wrong_scheme: [
    { field: "baseUrl", code: "wrong_scheme" },
    options,
    { field: "--base-url", message: "must be https:" },
  ],
  has_userinfo: [
    { field: "baseUrl", code: "has_userinfo" },
    options,
    { field: "--base-url", message: "must not contain user:password@" },
  ],
  has_query: [
    { field: "baseUrl", code: "has_query" },
    options,
    { field: "--base-url", message: "must not have a query or fragment" },
  ],
  insecure_http: [
    { field: "baseUrl", code: "insecure_http" },
    options,
    { field: "--base-url", message: "http: sends the key in clear; use https: or --allow-insecure-http" },
  ],
  option_type: [
    { field: "fetch", code: "option_type", type: "function" },
    options,
    { field: "fetch", message: "must be of type function" },
  ],
  out_of_range: [
    { field: "timeoutMs", code: "out_of_range", min: 1, max: 2 ** 31 - 1, whole: true },
    options,
    { field: "--timeout-ms", message: "expected a whole number from 1 to 2147483647" },
  ],
  logger_methods: [
    { field: "logger", code: "logger_methods" },
    options,
    { field: "logger", message: "debug and warn must be functions" },
  ],
  wrong_type: [
    { field: "address2", code: "wrong_type", expected: ["string", "REMOVE"] },
    rows,
    { field: "address2", message: "expected a string or REMOVE" },
  ],
  threw: [
    { field: "firstname", code: "threw", reason: "getter exploded" },
    rows,
    { field: "firstname", message: "getter exploded" },
  ],
  remove_as_lookup: [
    { field: "orderid", code: "remove_as_lookup", token: "REMOVE" },
    { kind: "flags", operation: "lockCustomer" },
    { field: "--orderid", message: '"REMOVE" is the word that removes fields, not an id; check the value' },
  ],
  required: [
    { field: "amount", code: "required" },
    { kind: "flags", operation: "updateRevenueByOrderid" },
    { field: "--amount", message: "missing" },
  ],
  filled_by_client: [
    { field: "type", code: "filled_by_client", value: "void" },
    rows,
    { field: "type", message: "leave it out: trackfinity always sends void" },
  ],
  not_one_of: [
    { field: "params.period", code: "not_one_of", allowed: [0, 1, 2, 3, 4, 5, 6, 7, 8] },
    { kind: "flags", operation: "getProfitLossReport" },
    { field: "--period", message: "expected one of 0, 1, 2, 3, 4, 5, 6, 7, 8" },
  ],
  forbidden_value: [
    { field: "trans_custom1", code: "forbidden_value", value: "-1" },
    { kind: "flags", operation: "voidTransaction" },
    {
      field: "--trans-custom1",
      message: "-1 is reserved by Trackfinity, and so is any number PHP reads as it (such as -1.0)",
    },
  ],
  not_whole: [
    { field: "amount", code: "not_whole", value: 12.5 },
    rows,
    { field: "amount", message: "expected a whole number, not 12.5" },
  ],
  not_finite: [
    { field: "cost", code: "not_finite" },
    rows,
    { field: "cost", message: "expected a finite number" },
  ],
  unknown_item: [
    { field: "keep", code: "unknown_item", item: "nickname", known: ["email", "zip"] },
    { kind: "flags", operation: "forgetCustomer" },
    { field: "--keep", message: "unknown name nickname; known: email, zip" },
  ],
  repeated_item: [
    { field: "keep", code: "repeated_item", item: "email" },
    rows,
    { field: "keep", message: "email is listed twice" },
  ],
  needs: [
    { field: "period", code: "needs", value: 8, fields: ["start", "end"] },
    { kind: "flags", operation: "getTransactionReport" },
    { field: "--period", message: "with 8, needs --start and --end too" },
  ],
  excludes: [
    { field: "params.period", code: "excludes", value: 5, fields: ["params.start"] },
    { kind: "flags", operation: "getProfitLossReport" },
    { field: "--period", message: "with 5, can't be given with --start" },
  ],
} satisfies {
  [Code in ValidationRule["code"]]: [ValidationProblem & { code: Code }, InputSource, InputIssue];
};

describe("the CLI writes its own words from the library's data", () => {
  it("runs against a library whose validation messages are reworded", () => {
    expect(() => validateParams("lockCustomer", {})).toThrowError(
      `customer_id, subscription_id or orderid: ${REWORDED}`,
    );
  });

  it.each(Object.entries(ISSUES))(
    "writes its issue for %s from the problem's data",
    (_code, [problem, source, issue]) => {
      expect(issueFor(problem, source)).toEqual(issue);
    },
  );

  it("names a file's columns, and the CLI's ways to remove a field, in rows", () => {
    const literal: ValidationProblem = { field: "firstname", code: "literal_remove", token: "REMOVE" };
    expect(issueFor(literal, { kind: "rows", removeToken: "{REMOVE}" }).message).toBe(
      'the value "REMOVE" would delete this field on the server; to remove it, write {REMOVE}',
    );
    const none: ValidationProblem = { field: "details", code: "too_few_details", min: 1, details: ["zip"] };
    expect(issueFor(none, rows)).toEqual({
      field: "fields",
      message:
        "the row sets no field; fill at least one field column (an empty cell leaves a field as it is)",
    });
  });

  it("keeps its issues for flags when the library rewords its messages", () => {
    let thrown: unknown;
    try {
      checkParams(
        "setCustomerDetails",
        { customer_id: "1", subscription_id: "S", firstname: "REMOVE" },
        flags as never,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect(describeError(thrown)).toMatchObject({
      error: "TrackfinityValidationError",
      message: [
        "Invalid input, nothing was sent:",
        '  - --firstname: the value "REMOVE" would delete this field on the server; to remove it, use --remove firstname',
        "  - --customer-id or --subscription-id: pass only one",
      ].join("\n"),
    });
  });

  it("keeps its issues for settings when the library rewords its messages", () => {
    vi.stubEnv("TRACKFINITY_API_USERNAME", undefined);
    expect(() =>
      createClientFromFlags({ baseUrl: "http://tracking.example.test/api", apiKey: "key" }),
    ).toThrowError(
      [
        "Invalid input, nothing was sent:",
        "  - --base-url: http: sends the key in clear; use https: or --allow-insecure-http",
        "  - --api-username: missing; pass it, or set TRACKFINITY_API_USERNAME",
      ].join("\n"),
    );
  });
});

describe("the CLI words the library's errors from their data, not their message", () => {
  const details = (status: number, headers: Record<string, string> = {}) => ({
    method: "PATCH",
    url: "https://t.example.test/api/customer/lock",
    status,
    body: ' "Customer\n not found" ',
    headers: new Headers(headers),
  });
  /** The error with its message reworded, as a new library version might. */
  const reworded = <E extends Error>(error: E): E =>
    Object.defineProperty(error, "message", { value: REWORDED });

  it.each([
    [
      404,
      {},
      'Trackfinity refused PATCH https://t.example.test/api/customer/lock (404): "Customer not found". Check the lookup id, and that --base-url/TRACKFINITY_BASE_URL is the install\'s API root.',
    ],
    [
      401,
      {},
      "Trackfinity refused the credentials: PATCH https://t.example.test/api/customer/lock (401): \"Customer not found\". Check --api-key/TRACKFINITY_API_KEY and --api-username/TRACKFINITY_API_USERNAME, and that this machine's IP address is on the install's admin API allow-list.",
    ],
    [
      301,
      { location: "https://new.example.test/api/customer/lock" },
      'Trackfinity redirected PATCH https://t.example.test/api/customer/lock (301) to https://new.example.test/api/customer/lock: "Customer not found". Not followed, so the key stays with --base-url/TRACKFINITY_BASE_URL: set --base-url/TRACKFINITY_BASE_URL to https://new.example.test/api.',
    ],
    [
      503,
      {},
      'Trackfinity failed: PATCH https://t.example.test/api/customer/lock (503): "Customer not found". The install may be down or in maintenance; try again later.',
    ],
  ])("writes a %i answer in its own words", (status, headers, text) => {
    const error = reworded(
      new TrackfinityApiError(details(status, headers), undefined, OPERATIONS.lockCustomer),
    );
    expect(errorText(error)).toBe(text);
  });

  it("writes an unexpected 2xx answer and a timeout in its own words", () => {
    const unexpected = reworded(new TrackfinityUnexpectedResponseError(details(200), "the JSON value true"));
    expect(errorText(unexpected)).toBe(
      'Trackfinity answered PATCH https://t.example.test/api/customer/lock (200): "Customer not found", but expected the JSON value true. Check that --base-url/TRACKFINITY_BASE_URL is the install\'s API root.',
    );
    const timeout = reworded(new TrackfinityTimeoutError("https://t.example.test/api/ping", 500));
    expect(errorText(timeout)).toBe(
      "No answer from https://t.example.test/api/ping within --timeout-ms (500 ms)",
    );
  });
});
