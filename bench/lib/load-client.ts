import { pathToFileURL } from "node:url";
import type { Build } from "./builds.ts";

export type ClientModule = typeof import("../../src/index.ts");

/** A build's client module, under the build's name in the table. */
export interface LoadedClient {
  name: string;
  module: ClientModule;
}

/**
 * Loads the built client (dist/index.js, what users install) rather than src through tsx.
 * The specifier is computed so `tsc --noEmit` never needs dist to exist; the type still comes from src.
 */
export async function loadBuiltClient(root: string): Promise<ClientModule> {
  return (await import(pathToFileURL(`${root}/dist/index.js`).href)) as ClientModule;
}

/** Loads each build's dist/index.js. */
export async function loadBuiltClients(builds: readonly Build[]): Promise<LoadedClient[]> {
  return Promise.all(builds.map(async (b) => ({ name: b.name, module: await loadBuiltClient(b.dir) })));
}
