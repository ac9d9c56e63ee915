// Compliance state: each framework's controls evaluated from live fleet state, with status and evidence.
import { z } from 'zod';
import { COMPLIANCE_FRAMEWORKS, COMPLIANCE_STATES } from '../../domain/enums';
import { defineOperation, READ_ONLY } from '../define';

const CONTROL_STATUSES = ['pass', 'fail', 'partial', 'not_applicable'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

const checkResultSchema = z.object({
  check: z.string().describe('Machine name of the live check, e.g. vulnerability_management'),
  status: z.enum(CONTROL_STATUSES),
  summary: z.string().describe('What was found, with the numbers'),
  metrics: z.record(z.string(), z.number()).describe('The numbers behind the status'),
  entities: z.array(z.string()).describe('Ids of the devices, users, workloads, anomalies or incidents at fault (at most 20)'),
});
export type CheckResult = z.output<typeof checkResultSchema>;

const controlStateSchema = z.object({
  id: z.string().describe('Control id as the framework writes it, e.g. A.8.8, 21(2)(e), PR.AA'),
  title: z.string(),
  key: z.boolean().describe('A failing key control makes the framework non_compliant'),
  status: z.enum(CONTROL_STATUSES).describe('The worst status of its checks (not_applicable only when all are)'),
  evidence: z.array(checkResultSchema),
});
export type ControlState = z.output<typeof controlStateSchema>;

const frameworkStateSchema = z.object({
  framework: z.enum(COMPLIANCE_FRAMEWORKS),
  name: z.string(),
  version: z.string(),
  state: z.enum(COMPLIANCE_STATES).describe('compliant: every applicable control passes; non_compliant: a key control fails; else partial'),
  summary: z.object({ pass: z.number().int(), fail: z.number().int(), partial: z.number().int(), not_applicable: z.number().int() }),
  controls: z.array(controlStateSchema),
});
export type FrameworkState = z.output<typeof frameworkStateSchema>;

const complianceReportSchema = z.object({
  assessed_at: z.string(),
  frameworks: z.array(frameworkStateSchema),
});
export type ComplianceReport = z.output<typeof complianceReportSchema>;

export const complianceState = defineOperation({
  name: 'compliance.state',
  rest: { method: 'GET', path: '/api/v1/compliance' },
  title: 'Compliance',
  description: 'Evaluate ISO/IEC 27001:2022 Annex A, NIS2 Article 21(2) and NIST CSF 2.0 controls against the live fleet state, with status and evidence per control.',
  scope: 'read',
  annotations: READ_ONLY,
  input: z.object({ framework: z.enum(COMPLIANCE_FRAMEWORKS).optional().describe('Only this framework (default: all three)') }),
  output: complianceReportSchema,
  mcp: { tool: 'get_compliance_state', description: 'Get the compliance state of the fleet per framework, with each control\'s status and evidence.' },
});
