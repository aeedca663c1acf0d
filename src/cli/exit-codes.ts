/** What one exit code of `trackfinity` means: the one table `--help`, `doctor` and docs/cli.md read. */
interface ExitCodeMeaning {
  code: number;
  /** What the code says about a run, in any command. */
  meaning: string;
  /** What to do about it; empty when there is nothing to do. */
  whatToDo: string;
  /** What it says about a `doctor` run, for the codes doctor ends with. */
  doctor?: string;
  /** What it means for a command without --from where that differs; `false` if such a command never ends with it. */
  withoutFrom?: string | false;
}

/** The exit codes, in the order help and docs list them: one per outcome a script may want to tell apart. */
export const EXIT_CODES = {
  Ok: {
    code: 0,
    meaning: "every call accepted (with --dry-run: everything valid)",
    whatToDo: "",
    doctor: "every check passed",
  },
  Usage: {
    code: 2,
    meaning: "bad flags or settings, or invalid rows in --from FILE; nothing was sent",
    whatToDo: "fix the command or the file",
    withoutFrom: "bad flags or settings; nothing was sent",
    doctor: "the settings are missing or unsafe",
  },
  Rejected: {
    code: 3,
    meaning: "Trackfinity refused a call (3xx/4xx, error envelope) or answered unexpectedly",
    whatToDo: "repeating will not help; read the message (a bad id, credentials, a wrong base URL)",
    doctor:
      "the install refused or redirected the ping (a 401, 403 or 404 usually means a wrong key or user name, an IP address not on the allow-list, or a base URL without /api), or answered 2xx with something that is not JSON",
  },
  Unavailable: {
    code: 4,
    meaning: "server error (5xx, 408), rate limit (429), timeout or network failure, after all retries",
    whatToDo: "try again later (--resume for files; a transaction may be applied: check it first)",
    doctor: "DNS, TCP or TLS failed, or the ping failed with a server error, rate limit or timeout",
  },
  NotWritten: {
    code: 5,
    meaning:
      "a bulk run could not write its results (the report failed, e.g. a full disk; or, with --json and no --report, standard output closed), so it stopped sending",
    whatToDo: "fix what the message names, then --resume the report",
    withoutFrom: false,
  },
  Interrupted: {
    code: 130,
    meaning: "stopped by Ctrl-C (SIGINT)",
    whatToDo: "--resume for files",
    doctor: "stopped by Ctrl-C",
  },
  Terminated: {
    code: 143,
    meaning: "stopped by SIGTERM",
    whatToDo: "--resume for files",
    doctor: "stopped by SIGTERM",
  },
  Internal: {
    code: 1,
    meaning: "a bug in trackfinity (the message and stack are printed)",
    whatToDo: "report it",
  },
} as const satisfies Record<string, ExitCodeMeaning>;

type ExitCodeName = keyof typeof EXIT_CODES;

/** The exit codes by name, e.g. `ExitCode.Usage` is 2. */
export const ExitCode = Object.fromEntries(
  Object.entries(EXIT_CODES).map(([name, { code }]) => [name, code]),
) as { readonly [Name in ExitCodeName]: (typeof EXIT_CODES)[Name]["code"] };

export type ExitCodeValue = (typeof ExitCode)[ExitCodeName];

const rows: readonly ExitCodeMeaning[] = Object.values(EXIT_CODES);

/** Every exit code a command ends with, with its meaning there, for its help; `takesFrom` if it has --from. */
export const exitCodeMeanings = (takesFrom: boolean): Array<[code: number, meaning: string]> =>
  rows.flatMap(({ code, meaning, withoutFrom }) => {
    if (takesFrom || withoutFrom === undefined) return [[code, meaning]];
    return withoutFrom === false ? [] : [[code, withoutFrom]];
  });

/** The exit codes `doctor` ends with, each with what it means there. */
export const doctorExitCodeMeanings = (): Array<[code: number, meaning: string]> =>
  rows.flatMap(({ code, doctor }) => (doctor === undefined ? [] : [[code, doctor]]));
