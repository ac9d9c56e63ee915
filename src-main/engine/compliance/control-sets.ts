// The documented control sets (resources/compliance/*.json), bundled with the engine and checked at
// load: every control names checks that exist, every framework is one of the three the tools report.
import { z } from 'zod';
import { COMPLIANCE_FRAMEWORKS, type ComplianceFramework } from '@shared/domain/enums';
import iso27001 from '../../../resources/compliance/iso-27001-2022.json';
import nis2 from '../../../resources/compliance/nis2-article-21.json';
import nistCsf from '../../../resources/compliance/nist-csf-2.0.json';
import { CHECKS } from './checks';

const controlSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  key: z.boolean(),
  checks: z.array(z.string()).min(1),
  references: z.array(z.string()).optional(),
  rationale: z.string().min(1),
});
const controlSetSchema = z.object({
  framework: z.enum(COMPLIANCE_FRAMEWORKS),
  name: z.string(),
  version: z.string(),
  controls: z.array(controlSchema).min(1),
});
export type ControlSet = z.output<typeof controlSetSchema>;

export function parseControlSet(raw: unknown, file: string): ControlSet {
  const parsed = controlSetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  for (const c of parsed.data.controls) {
    const unknown = c.checks.find((name) => !Object.hasOwn(CHECKS, name));
    if (unknown) throw new Error(`${file}: control '${c.id}' names unknown check '${unknown}' (known: ${Object.keys(CHECKS).join(', ')})`);
  }
  const ids = parsed.data.controls.map((c) => c.id);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new Error(`${file}: control '${dup}' is declared twice`);
  return parsed.data;
}

export const CONTROL_SETS: Record<ComplianceFramework, ControlSet> = {
  iso_27001: parseControlSet(iso27001, 'resources/compliance/iso-27001-2022.json'),
  nis2: parseControlSet(nis2, 'resources/compliance/nis2-article-21.json'),
  nist_csf: parseControlSet(nistCsf, 'resources/compliance/nist-csf-2.0.json'),
};
