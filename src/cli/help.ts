import { COMMANDS, type CommandSpec, type FlagSpec, GLOBAL_FLAGS } from "./commands.js";

const WIDTH = 100;
const INDENT = 2;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function flagLabel(flag: FlagSpec): string {
  const long = `--${flag.name}${flag.placeholder ? ` ${flag.placeholder}` : ""}`;
  return flag.short ? `-${flag.short}, ${long}` : `    ${long}`;
}

function columnFor(labels: readonly string[]): number {
  return Math.min(34, Math.max(...labels.map((label) => label.length)) + 2);
}

function table(rows: Array<[string, string]>, column = columnFor(rows.map(([label]) => label))): string[] {
  const out: string[] = [];
  for (const [label, text] of rows) {
    const pad = " ".repeat(INDENT);
    const body = wrap(text, WIDTH - INDENT - column);
    if (label.length + 2 > column) {
      out.push(pad + label);
      for (const line of body) out.push(pad + " ".repeat(column) + line);
    } else {
      out.push(pad + label.padEnd(column) + (body[0] ?? ""));
      for (const line of body.slice(1)) out.push(pad + " ".repeat(column) + line);
    }
  }
  return out;
}

/** The help of one command, generated from its definition. */
export function commandHelp(command: CommandSpec): string {
  const lines = [
    command.summary,
    "",
    "Usage:",
    ...command.usage.map((u) => `  ${u}`),
    "",
    ...command.description.flatMap((line) => wrap(line, WIDTH)),
  ];
  const groups = [...new Set(command.flags.map((flag) => flag.group))];
  const column = columnFor(command.flags.map(flagLabel));
  for (const group of groups) {
    const rows = command.flags.filter((flag) => flag.group === group);
    lines.push(
      "",
      `${group}:`,
      ...table(
        rows.map((flag) => [flagLabel(flag), flag.description]),
        column,
      ),
    );
  }
  lines.push(
    "",
    "Environment:",
    ...table([
      ["TRACKFINITY_BASE_URL", "default for --base-url"],
      ["TRACKFINITY_API_USERNAME", "default for --api-username"],
      ["TRACKFINITY_API_KEY", "default for --api-key"],
    ]),
    "",
    "Exit codes:",
    ...table(command.exitCodes.map(([code, meaning]) => [String(code), meaning])),
    "",
    "Examples:",
    ...command.examples.map((example) => `  ${example}`),
  );
  return `${lines.join("\n")}\n`;
}

/** The top-level help: the commands and the global flags. */
export function rootHelp(): string {
  const lines = [
    "trackfinity: the customers, transactions and reports of a Trackfinity install, from the shell.",
    "",
    "Usage:",
    "  trackfinity <command> [flags]",
    "  trackfinity help <command>",
    "",
    "Commands:",
    ...table(COMMANDS.map((command) => [command.name, command.summary])),
    "",
    "Flags:",
    ...table(GLOBAL_FLAGS.map((flag) => [flagLabel(flag), flag.description])),
    "",
    "Run `trackfinity <command> --help` for a command's flags.",
  ];
  return `${lines.join("\n")}\n`;
}
