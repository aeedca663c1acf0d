import { fileURLToPath } from "node:url";

/** The repository root (bench/lib/../..), without a trailing slash. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
