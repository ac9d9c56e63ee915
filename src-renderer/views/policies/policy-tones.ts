// The colour of a policy's status on the policies screen.
import type { PolicyStatus } from '@shared/contract/operations/policy-schemas';
import type { Tone } from '../../components/tones';

export const policyStatusTone: Record<PolicyStatus, Tone> = { active: 'ok', disabled: 'neutral', expired: 'warn' };
