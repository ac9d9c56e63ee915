// The fleet posture score over time (the console's trend chart): the fleet's recorded scores in a window,
// at most one per hour, with the score in force at the window's start.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';

export const postureFleetTrend = defineOperation({
  name: 'posture.fleetTrend',
  rest: { method: 'GET', path: '/api/v1/posture/trend' },
  title: 'Fleet posture trend',
  description: 'The fleet posture score over the last `hours` hours (default 168, one week): each recorded score (at most one per hour), oldest first, starting with the score in force at the start of the window.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ hours: z.number().int().min(1).max(2160).default(168) }),
  output: z.object({
    points: z.array(z.object({ at: z.string(), score: z.number().int().min(0).max(100) })).describe('Oldest first; the first is the score in force at the window start (at: the window start)'),
    since: z.string(),
  }),
});
