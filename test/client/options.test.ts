import { afterEach, describe, expect, it, vi } from "vitest";
import { createTrackfinityClient, TrackfinityValidationError } from "../../src/index.ts";
import { serverAndClient } from "../support/client-for.ts";

const valid = { baseUrl: "https://tracking.example.com/api", apiKey: "key", apiUsername: "admin" };

function optionIssues(options: unknown) {
  try {
    createTrackfinityClient(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(TrackfinityValidationError);
    return (error as TrackfinityValidationError).issues;
  }
  throw new Error("expected createTrackfinityClient to throw");
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("client options", () => {
  it("accepts an https baseUrl with both credentials", () => {
    expect(createTrackfinityClient(valid).setCustomerDetails).toBeTypeOf("function");
  });

  it("takes baseUrl and both credentials from the environment by default", async () => {
    const { server } = await serverAndClient();
    vi.stubEnv("TRACKFINITY_BASE_URL", server.url);
    vi.stubEnv("TRACKFINITY_API_KEY", "env-key");
    vi.stubEnv("TRACKFINITY_API_USERNAME", "env-admin");
    await createTrackfinityClient().setCustomerDetails({ customer_id: 1, firstname: "A" });
    expect(server.requests[0]?.headers["api-key"]).toBe("env-key");
    expect(server.requests[0]?.headers["api-username"]).toBe("env-admin");
  });

  it("names every missing option and the environment variable that would supply it", () => {
    vi.stubEnv("TRACKFINITY_BASE_URL", undefined);
    vi.stubEnv("TRACKFINITY_API_KEY", undefined);
    vi.stubEnv("TRACKFINITY_API_USERNAME", undefined);
    expect(optionIssues({})).toEqual([
      { field: "baseUrl", message: "missing; pass it, or set TRACKFINITY_BASE_URL" },
      { field: "apiKey", message: "missing; pass it, or set TRACKFINITY_API_KEY" },
      { field: "apiUsername", message: "missing; pass it, or set TRACKFINITY_API_USERNAME" },
    ]);
  });

  it("refuses http:// on a non-loopback host: the key would travel in clear text", () => {
    expect(optionIssues({ ...valid, baseUrl: "http://tracking.example.com/api" })).toEqual([
      { field: "baseUrl", message: "http: sends the key in clear; use https: or allowInsecureHttp" },
    ]);
  });

  it("allows http:// on a non-loopback host with allowInsecureHttp: true", () => {
    expect(() =>
      createTrackfinityClient({ ...valid, baseUrl: "http://10.0.0.5/api", allowInsecureHttp: true }),
    ).not.toThrow();
  });

  it.each(["http://localhost:8080/api", "http://127.0.0.1/api", "http://127.1.2.3/api", "http://[::1]:4010"])(
    "allows http:// on loopback %s",
    (baseUrl) => {
      expect(() => createTrackfinityClient({ ...valid, baseUrl })).not.toThrow();
    },
  );

  it.each([
    ["userinfo", "https://user:pass@tracking.example.com/api", "must not contain user:password@"],
    ["a query", "https://tracking.example.com/api?x=1", "must not have a query or fragment"],
    ["a fragment", "https://tracking.example.com/api#top", "must not have a query or fragment"],
    ["the file: scheme", "file:///etc/passwd", "must be https:"],
    ["the javascript: scheme", "javascript:alert(1)", "must be https:"],
    ["a relative URL", "/api", "is not an absolute URL"],
    ["a number", 42, "is not an absolute URL"],
  ])("refuses a baseUrl with %s", (_name, baseUrl, message) => {
    expect(optionIssues({ ...valid, baseUrl })).toEqual([{ field: "baseUrl", message }]);
  });

  it.each([
    ["CR/LF", "key\r\nx-injected: 1"],
    ["a lone LF", "key\nmore"],
    ["a leading space", " key"],
    ["non-ASCII", "clé"],
    ["a number", 12345],
  ])("refuses an apiKey with %s, without echoing it", (_name, apiKey) => {
    const issues = optionIssues({ ...valid, apiKey });
    expect(issues.map((i) => i.field)).toEqual(["apiKey"]);
    expect(JSON.stringify(issues)).not.toContain(String(apiKey).trim());
  });

  it("refuses CR/LF in apiUsername", () => {
    expect(optionIssues({ ...valid, apiUsername: "admin\r\n" }).map((i) => i.field)).toEqual(["apiUsername"]);
  });

  it.each([
    ["timeoutMs", 0],
    ["timeoutMs", 2 ** 31],
    ["timeoutMs", "1000"],
    ["maxRetries", -1],
    ["maxRetries", 1.5],
    ["maxRetryAfterMs", Number.POSITIVE_INFINITY],
  ])("refuses %s = %s", (field, value) => {
    expect(optionIssues({ ...valid, [field]: value }).map((i) => i.field)).toEqual([field]);
  });

  it.each([
    ["fetch", "not a function", "must be of type function"],
    ["logger", "console", "must be of type object"],
  ])("refuses a %s of the wrong type", (field, value, message) => {
    expect(optionIssues({ ...valid, [field]: value })).toEqual([{ field, message }]);
  });

  it.each([
    ["a string", "https://tracking.example.com/api"],
    ["a number", 1],
    ["null", null],
  ])("refuses %s as the options object", (_name, options) => {
    expect(optionIssues(options)).toEqual([{ field: "options", message: "expected an object" }]);
  });

  it("turns an options getter that throws into an issue on that option", () => {
    const options = {
      ...valid,
      get timeoutMs(): number {
        throw new Error("no timeout for you");
      },
    };
    expect(optionIssues(options)).toEqual([{ field: "timeoutMs", message: "no timeout for you" }]);
  });

  describe("in a browser-like environment", () => {
    it("refuses to create a client: admin keys would be exposed to the page", () => {
      vi.stubGlobal("window", { document: {} });
      expect(optionIssues(valid)).toEqual([
        {
          field: "dangerouslyAllowBrowser",
          message: "refused in a browser, where it exposes the admin key",
        },
      ]);
    });

    it("creates the client with dangerouslyAllowBrowser: true", () => {
      vi.stubGlobal("window", { document: {} });
      expect(() => createTrackfinityClient({ ...valid, dangerouslyAllowBrowser: true })).not.toThrow();
    });
  });
});
