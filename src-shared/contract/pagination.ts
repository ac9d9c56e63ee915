// Paging and search inputs shared by every list operation.
import { z } from 'zod';

export const pageInput = {
  limit: z.number().int().min(1).max(1000).default(50),
  offset: z.number().int().min(0).default(0),
};

export const searchInput = z.string().max(200).optional().describe('Case-insensitive substring match');

/**
 * How a list operation pages, as the /api/v1 door reads it from its schemas (no per-route code):
 * - by offset: the input has `offset` (pageInput) and the output a `total`; the door hands out an
 *   opaque `cursor` in place of the offset and answers `next_cursor` (null on the last page);
 * - by a native cursor: the input and output fields of one of these pairs, passed through as
 *   `cursor` and `next_cursor`. A new list uses pageInput, or `cursor`/`next_cursor` of its own.
 */
export const KEYSET_PAGING = [
  { input: 'cursor', output: 'next_cursor' },
  { input: 'before_seq', output: 'next_before_seq' },
] as const;
