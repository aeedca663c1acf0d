/** Each client option the CLI sets, with its flag and, where it has one, its environment variable. */
const OPTION_FLAGS: Readonly<Record<string, { flag: string; env?: string }>> = {
  baseUrl: { flag: "--base-url", env: "TRACKFINITY_BASE_URL" },
  apiKey: { flag: "--api-key", env: "TRACKFINITY_API_KEY" },
  apiUsername: { flag: "--api-username", env: "TRACKFINITY_API_USERNAME" },
  timeoutMs: { flag: "--timeout-ms" },
  maxRetries: { flag: "--max-retries" },
  patienceMs: { flag: "--patience" },
  maxConcurrency: { flag: "--concurrency" },
  maxRatePerSecond: { flag: "--rate" },
  allowInsecureHttp: { flag: "--allow-insecure-http" },
};

/** The flag that sets a client option (`baseUrl` → `--base-url`); the option's own name where no flag does. */
export const flagForOption = (option: string): string => OPTION_FLAGS[option]?.flag ?? option;

/** Where a CLI user sets a client option: its flag, and its environment variable (`--api-key/TRACKFINITY_API_KEY`). */
export function settingForOption(option: string): string {
  const names = OPTION_FLAGS[option];
  if (!names) return option;
  return names.env ? `${names.flag}/${names.env}` : names.flag;
}
