import { afterAll, afterEach, beforeAll } from "vitest";
import { type FakeTrackfinity, startFakeTrackfinity } from "./fake-trackfinity.ts";
import { tempDir } from "./files.ts";

type TempDir = Awaited<ReturnType<typeof tempDir>>;

/**
 * Registers the hooks most CLI test files share: one temp dir for the file, removed after it,
 * and a fake Trackfinity per test, closed after each test.
 */
export function useTempDirAndFake() {
  let dir: TempDir | undefined;
  let fake: FakeTrackfinity | undefined;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(() => dir?.cleanup());
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  return {
    /** A path inside this file's temp dir. */
    inDir: (name: string) => (dir as TempDir).path(name),
    /** Starts this test's fake Trackfinity. */
    async serve(answer?: Parameters<typeof startFakeTrackfinity>[0]): Promise<FakeTrackfinity> {
      fake = await startFakeTrackfinity(answer);
      return fake;
    },
  };
}
