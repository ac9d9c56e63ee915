// The policy vocabulary shared by every policy operation: rule, policy, version and action-result
// shapes. Enum values are the spec's (create_policy's identity_type and action).
import { z } from 'zod';
import { ACTOR_TYPES } from '../../domain/enums';

// 'agent': an AI agent of the asset registry (agt_…), whose destinations are MCP tools (tool:server/name).
export const POLICY_IDENTITY_TYPES = ['user', 'device', 'app', 'workload', 'agent'] as const;
export type PolicyIdentityType = (typeof POLICY_IDENTITY_TYPES)[number];

// 'require_approval': an agent's tool call waits for a person's approval at the enforcement point.
export const POLICY_ACTIONS = ['block', 'allow', 'monitor', 'isolate', 'require_mfa', 'require_approval'] as const;

/** What made a policy: create_policy (custom) or one of the action tools (system-made, slug ids). */
export const POLICY_KINDS = ['custom', 'isolation', 'block', 'allow', 'suspension'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export const POLICY_STATUSES = ['active', 'disabled', 'expired'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** Why a version row exists. */
export const POLICY_CHANGES = ['created', 'updated', 'enabled', 'disabled', 'expired', 'isolated', 'released', 'blocked', 'allowed', 'suspended', 'restored'] as const;
export type PolicyChange = (typeof POLICY_CHANGES)[number];

export const ACCESS_DECISIONS = ['allow', 'block', 'isolate', 'monitor', 'require_mfa', 'require_approval'] as const;
export type AccessDecision = (typeof ACCESS_DECISIONS)[number];

/** How a destination reads: exact address, network, exact name, *.pattern, or an application id. */
export const DESTINATION_TYPES = ['ip', 'cidr', 'domain', 'domain_pattern', 'app'] as const;

const id = z.string().min(1).max(200);

/** A rule as create_policy and update_policy accept it (the spec declares no required item fields). */
export const policyRuleInput = z.object({
  identity_type: z.enum(POLICY_IDENTITY_TYPES).optional(),
  identity_id: id.optional(),
  action: z.enum(POLICY_ACTIONS).optional(),
  destination: z.string().min(1).max(300).optional().describe('Optional destination constraint (IP, CIDR, domain, or app_id)'),
});
export type PolicyRuleInput = z.output<typeof policyRuleInput>;

/** A stored rule: canonical destination, explicit nulls for "any". */
export const policyRuleSchema = z.object({
  identity_type: z.enum(POLICY_IDENTITY_TYPES).nullable().describe('null: every identity'),
  identity_id: z.string().nullable().describe('null: every identity of identity_type'),
  action: z.enum(POLICY_ACTIONS),
  destination: z.string().nullable().describe('Canonical IP, CIDR, domain, *.domain pattern, app id or MCP tool (tool:server/tool, tool:server/*); null: every destination'),
});
export type PolicyRule = z.output<typeof policyRuleSchema>;

export const actorSchema = z.object({
  type: z.enum(ACTOR_TYPES),
  id: z.string(),
  name: z.string().nullable().describe('Agent or client name, when there is one'),
});

export const policySchema = z.object({
  policy_id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  kind: z.enum(POLICY_KINDS).describe('custom: made by create_policy; the others by the action tools'),
  enabled: z.boolean(),
  status: z.enum(POLICY_STATUSES).describe('active: enabled and not past expires_at'),
  version: z.number().int().min(1),
  rules: z.array(policyRuleSchema),
  expires_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  created_by: actorSchema,
});
export type Policy = z.output<typeof policySchema>;

export const policyVersionSchema = z.object({
  version: z.number().int().min(1),
  change: z.enum(POLICY_CHANGES),
  name: z.string(),
  description: z.string().nullable(),
  enabled: z.boolean(),
  rules: z.array(policyRuleSchema),
  expires_at: z.string().nullable(),
  reason: z.string().nullable(),
  actor: actorSchema,
  created_at: z.string(),
});
export type PolicyVersion = z.output<typeof policyVersionSchema>;

/** A free-text reason, recorded in the policy version and the audit log. */
export const reasonInput = z.string().max(2000);

/** Who a policy change reaches: counted from its rules (and, for an update, the rules it replaces). */
export const blastRadiusSchema = z.object({
  devices: z.number().int().min(0).describe('Devices whose traffic the change decides: those its rules name, every device for a fleet or device-wide rule, and the devices where a named user is the active user'),
  users: z.number().int().min(0).describe('Users it decides for: those its rules name, every user for a fleet or user-wide rule, and the active users of the devices it names'),
  workloads: z.number().int().min(0).describe('Workloads its rules name (every workload for a fleet or workload-wide rule)'),
  fleet_wide: z.boolean().describe('true when a rule addresses every identity (no identity_type)'),
});
export type BlastRadius = z.output<typeof blastRadiusSchema>;

/** Common fields of every action result. */
export const actionResultFields = {
  blast_radius: blastRadiusSchema.describe('How many devices, users and workloads the change affects (also in its audit entry)'),
  policy_id: z.string().nullable().describe('The policy the action wrote (null when there was nothing to do)'),
  version: z.number().int().nullable().describe('The policy version now in force (null when there is no policy)'),
  changed: z.boolean().describe('false when the state already was what was asked: nothing new was written (the call is still audited)'),
};
