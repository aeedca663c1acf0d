/** A built copy of trackfinity-client that the bench measures. */
export interface Build {
  /** Its name in the table: "trackfinity-client", or "trackfinity-client @6bc153b" for a baseline. */
  name: string;
  /** The folder holding its package.json and dist/ (its node_modules resolves to this repository's). */
  dir: string;
}

/** The build of this working tree, and with `--baseline REF` the build of REF measured beside it. */
export interface Builds {
  current: Build;
  baseline?: Build;
}

/** This working tree's build, named as the table always named it. */
export const currentBuild = (root: string): Build => ({ name: "trackfinity-client", dir: root });

/** Every build to measure, the current one first. */
export const allBuilds = (builds: Builds): Build[] =>
  builds.baseline ? [builds.current, builds.baseline] : [builds.current];
