// A deterministic demo fleet with realistic telemetry and labelled attacks, loaded through the normal
// ingest. Used by `threatmatic simulate`; running the same simulation again adds nothing.
import { z } from 'zod';
import { defineOperation } from '../define';

const count = z.number().int();

export const simulateRun = defineOperation({
  name: 'simulate.run',
  title: 'Simulate a fleet',
  description:
    'Generate a fleet (devices, users, workloads) with office-hours telemetry and the chosen attacks in the last quarter of the window, and ingest it: the same ' +
    'seed and options give the same fleet and events, so a repeat adds nothing. Ground truth goes to the simulation labels.',
  scope: 'admin',
  annotations: { readOnly: false, destructive: false, idempotent: true },
  // Ranges are checked by the simulator, which names the field and its bounds in its refusal.
  input: z.object({
    devices: count.optional().describe('Devices (default 300)'),
    hours: count.optional().describe('Hours of telemetry (default 24)'),
    users: count.optional().describe('Users (default 45% of the devices)'),
    workloads: count.optional().describe('Workloads (default one per six devices)'),
    seed: count.optional().describe('Random seed (default 1)'),
    start: z.union([z.string().max(100), count]).optional().describe('First hour, ISO 8601 or epoch ms, floored to the hour (default: now minus hours)'),
    attacks: z.array(z.string().max(100)).max(50).optional().describe('lateral-movement, c2-beacon, bruteforce, device-silent, eol-firmware, or all'),
    events_per_device_hour: count.optional().describe('Average events per device-hour (default 20)'),
    ai_fleet: z.boolean().optional().describe('Also an AI fleet over the same window: MCP servers and agents reporting through the SDK path (one with the lethal trifecta, one drifting)'),
  }),
  output: z.object({
    seed: count, start: z.string(), end: z.string(), hours: count, devices: count, users: count, workloads: count, events: count, events_per_device_hour: z.number(),
    attacks: z.array(z.object({ attack: z.string(), entity_type: z.string(), entity_id: z.string(), start: z.string(), end: z.string(), detail: z.record(z.string(), z.unknown()) })),
    indicators: z.array(z.string()).describe("Attacker indicators registered in the 'threatmatic-demo' intel feed"),
    source_key: z.string(),
    ingest: z.object({ source_id: count, status: z.enum(['ingested', 'resumed', 'already_ingested']), events: count, rejects: count, intel_hits: count }).optional(),
    labels_added: count.optional(),
    files: z.array(z.string()).optional(),
    seconds: z.number(),
    ai_agents: count.optional().describe('AI demo agents registered (0 when the database already holds the AI demo fleet)'),
  }),
});

