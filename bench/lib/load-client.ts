import { pathToFileURL } from "node:url";

type ClientModule = typeof import("../../src/index.ts");

/**
 * Loads the built client (dist/index.js, what users install) rather than src through tsx.
 * The specifier is computed so `tsc --noEmit` never needs dist to exist; the type still comes from src.
 */
export async function loadBuiltClient(root: string): Promise<ClientModule> {
  return (await import(pathToFileURL(`${root}/dist/index.js`).href)) as ClientModule;
}
