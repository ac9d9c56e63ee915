// The policies in force as an enforcement point's configuration (an `nft -f` ruleset). Used by
// `threatmatic policy export`, which writes it to stdout or a file of the user's choosing.
import { z } from 'zod';
import { defineOperation, READ_ONLY } from '../define';

const POLICY_EXPORT_FORMATS = ['nftables'] as const;

export const policyExport = defineOperation({
  name: 'policy.export',
  title: 'Export the policies in force',
  description:
    'The policies in force as an nftables ruleset replacing table inet threatmatic (forward hook): quarantined devices reach only their management addresses, ' +
    'allow exceptions come before blocks, fleet blocks are interval sets. What nftables cannot express (domains, apps, require_mfa, monitor) is listed as comments.',
  scope: 'policy:read',
  annotations: READ_ONLY,
  input: z.object({ format: z.enum(POLICY_EXPORT_FORMATS) }),
  output: z.object({ format: z.enum(POLICY_EXPORT_FORMATS), ruleset: z.string() }),
  rest: { method: 'GET', path: '/api/v1/policies/export' },
});
