// The threat-intel feeds imported so far, with indicator counts by reputation.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';

export const intelFeeds = defineOperation({
  name: 'intel.feeds',
  rest: { method: 'GET', path: '/api/v1/intel/feeds' },
  title: 'Threat-intel feeds',
  description: 'List imported threat-intelligence feeds and how many indicators each contributed.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({}),
  output: z.object({
    feeds: z.array(z.object({ name: z.string(), format: z.string(), indicators: z.number().int(), imported_at: z.string() })),
    totals: z.object({ indicators: z.number().int(), malicious: z.number().int(), suspicious: z.number().int(), benign: z.number().int(), unknown: z.number().int() }),
  }),
});
