import type { TestProject } from "vitest/node";
import { startPrism } from "../../scripts/prism.ts";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

/** Starts one Prism mock of openapi.yaml for the whole run; teardown stops it even when tests fail. */
export default async function setup(project: TestProject) {
  const prism = await startPrism();
  project.provide("prismUrl", prism.url);
  return () => prism.stop();
}
