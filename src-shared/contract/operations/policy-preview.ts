// The policy editor's live preview: who a draft policy's rules would reach (devices, users, workloads and
// agents, counted and the first few named) and the destinations they cover, before anything is saved. The
// draft is checked exactly as create/update check it, so a bad CIDR or an unknown device comes back
// naming the field (rules[1].destination), and nothing is written. Served beside the what-if, like it
// a console and REST question rather than an MCP tool (the spec names none).
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';
import { MAX_RULES } from './policy-create';
import { blastRadiusSchema, policyRuleInput } from './policy-schemas';

const named = (what: string) => z.object({
  total: z.number().int().min(0).describe(`How many ${what} the draft's rules reach`),
  named: z.array(z.object({ id: z.string(), name: z.string().nullable() })).describe(`The first ${what} by id (at most limit), with their display names`),
});

export const policyPreview = defineOperation({
  name: 'policy.preview',
  rest: { method: 'POST', path: '/api/v1/policies/preview' },
  title: 'Preview who a policy draft affects',
  description: 'Who a draft policy (new, or new rules for an existing custom policy) would affect, without saving it: the devices, users, workloads and agents its rules decide for (counted and the first few named, read as the blast radius reads rules) and the destinations they cover. The draft is validated like create/update (errors name rules[i].field) and never saved.',
  scope: 'policy:read',
  annotations: READ_ONLY,
  input: z.object({
    draft: z.object({
      policy_id: z.string().min(1).max(200).optional().describe('The custom policy whose rules the draft replaces; omitted: a new policy'),
      rules: z.array(policyRuleInput).max(MAX_RULES),
    }),
    limit: z.number().int().min(1).max(50).default(10).describe('How many of each kind to name'),
  }),
  output: z.object({
    devices: named('devices'),
    users: named('users'),
    workloads: named('workloads'),
    agents: named('agents'),
    fleet_wide: z.boolean().describe('true when a rule addresses every identity (no identity_type)'),
    destinations: z.array(z.string()).describe('The distinct destinations the rules name, canonical (as they would be stored)'),
    every_destination: z.boolean().describe('true when a rule has no destination (it decides every destination of the identities it names)'),
    blast_radius: blastRadiusSchema.describe('What saving the draft would report: for a change to a stored policy, its current rules count too'),
  }),
});
