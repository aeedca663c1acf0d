import { TrackfinityError } from "./errors/trackfinity-error.js";
import type { OperationData } from "./operation-shape.js";

/** One page of a paged report, as its method's `…Pages` iterator yields it. */
export interface ReportPage {
  /** How many records were skipped before this page (the offset it was asked at). */
  offset: number;
  /** The page's records as the server sent them: a list, or an object of records keyed by id. */
  records: unknown[] | Record<string, unknown>;
  /** How many records the page holds. */
  count: number;
}

/**
 * Paging went wrong: the server answered a page that is not a list or object of records, or the same
 * page twice (it ignores the offset, so reading on would never end). Its `kind` is `refused`.
 */
export class TrackfinityPagingError extends TrackfinityError {
  override name = "TrackfinityPagingError";

  /** @param offset the offset of the page that went wrong */
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message, "refused");
  }
}

/** How many records a page holds: a list's length, an object's keys; undefined when it is neither. */
function countOf(records: unknown): number | undefined {
  if (Array.isArray(records)) return records.length;
  if (typeof records === "object" && records !== null) return Object.keys(records).length;
  return undefined;
}

/**
 * Reads a paged report page by page: asks for `limit` records (the caller's, or the server's page
 * size) from the caller's offset on, yields each page, and stops after an empty or short one.
 * Fails with {@link TrackfinityPagingError} on a page of no records' shape, or one that repeats the
 * page before it.
 */
export async function* readPages(
  paging: NonNullable<OperationData["paging"]>,
  call: (params: Record<string, unknown>) => Promise<unknown>,
  params: Readonly<Record<string, unknown>> | undefined,
): AsyncGenerator<ReportPage, void, undefined> {
  const limit = (params?.[paging.limit] as number | undefined) ?? paging.pageSize;
  let offset = (params?.[paging.offset] as number | undefined) ?? 0;
  let previous: string | undefined;
  for (;;) {
    const records = await call({ ...params, [paging.offset]: offset, [paging.limit]: limit });
    const count = countOf(records);
    if (count === undefined) {
      throw new TrackfinityPagingError(
        `The page at ${paging.offset}=${offset} is not a list or object of records: ${JSON.stringify(records)?.slice(0, 200)}`,
        offset,
      );
    }
    if (!count) return;
    const page = JSON.stringify(records);
    if (page === previous) {
      throw new TrackfinityPagingError(
        `The server answered the same page for ${paging.offset}=${offset} as for the page before it: it ignores ${paging.offset}, so reading on would never end. Read the report in one page (a larger ${paging.limit}), or narrow it with filters.`,
        offset,
      );
    }
    previous = page;
    yield { offset, records: records as ReportPage["records"], count };
    if (count < limit) return;
    offset += count;
  }
}
