// Every migration, in order. Numbered in steps of 10 so a fix can slot in between.
import type { Migration } from '../migrate';
import { migration as foundation } from './0010-foundation';
import { migration as intelIndexes } from './0030-intel-indexes';
import { migration as posture } from './0040-posture';
import { migration as detect } from './0050-detect';
import { migration as policy } from './0060-policy';
import { migration as keysApprovals } from './0070-keys-approvals';
import { migration as postureCap } from './0080-posture-cap';
import { migration as incidentMembers } from './0090-incident-members';
import { migration as managementPaths } from './0100-management-paths';
import { migration as endpointSecretHint } from './0110-endpoint-secret-hint';
import { migration as auditMac } from './0120-audit-mac';
import { migration as derivedState } from './0140-derived-state';
import { migration as discoveredDevices } from './0160-discovered-devices';
import { migration as aiAssets } from './0340-ai-assets';
import { migration as aiAnomalies } from './0350-ai-anomalies';
import { migration as derivedJournal } from './0200-derived-journal';
import { migration as retention } from './0280-retention';
import { migration as mcpScan } from './0400-mcp-scan';
import { migration as aiPosture } from './0430-ai-posture';
import { migration as vulns } from './0550-vulns';
import { migration as shadowAi } from './0500-shadow-ai';
import { migration as webhookReplays } from './0840-webhook-replays';
import { migration as adminLogonSources } from './0860-admin-logon-sources';
import { migration as entityEventIndex } from './0900-entity-event-index';
import { migration as discoveredIndex } from './0910-discovered-index';

export const MIGRATIONS: readonly Migration[] = [foundation, intelIndexes, posture, detect, policy, keysApprovals, postureCap, incidentMembers, managementPaths, endpointSecretHint, auditMac, derivedState, discoveredDevices, derivedJournal, retention, aiAssets, aiAnomalies, mcpScan, aiPosture, shadowAi, vulns, webhookReplays, adminLogonSources, entityEventIndex, discoveredIndex];
