import { writeFileSync } from "node:fs";

/** Writes `rows` customer updates as CSV (header row of field names), the bulk input of both contenders. */
export function writeCsv(path: string, rows: number): void {
  const lines = ["customer_id,firstname,lastname,zip"];
  for (let i = 1; i <= rows; i++) lines.push(`${i},First${i},Last${i},${String(10_000 + (i % 90_000))}`);
  writeFileSync(path, `${lines.join("\n")}\n`);
}
