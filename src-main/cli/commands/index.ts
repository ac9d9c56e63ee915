// Every `threatmatic` command, in the order --help lists them.
import type { CliCommand } from '../command';
import { anomaliesCommand, anomalyStatusCommand } from './anomalies';
import { approvalsApproveCommand, approvalsRejectCommand } from './approvals-decide';
import { approvalsListCommand } from './approvals-list';
import { auditExportCommand } from './audit-export';
import { auditVerifyCommand } from './audit-verify';
import { dbRebuildDerivedCommand } from './db-rebuild-derived';
import { enforcementAddCommand, enforcementDeliveriesCommand, enforcementListCommand, enforcementRemoveCommand } from './enforcement';
import { incidentCloseCommand, incidentContainCommand, incidentsCommand, incidentShowCommand } from './incidents';
import { ingestCommand } from './ingest';
import { intelImportCommand } from './intel-import';
import { intelLookupCommand } from './intel-lookup';
import { inventoryImportCommand } from './inventory-import';
import { keysCreateCommand } from './keys-create';
import { keysListCommand } from './keys-list';
import { keysRevokeCommand } from './keys-revoke';
import { mcpCommand } from './mcp';
import { policyBlockCommand, policyEvaluateCommand, policyIsolateCommand, policyManagementPathCommand, policyReleaseCommand } from './policy-actions';
import { policyExportCommand } from './policy-export';
import { policyListCommand, policyShowCommand } from './policy-list';
import { postureCommand } from './posture';
import { rejectsCommand } from './rejects';
import { serveCommand } from './serve';
import { simulateCommand } from './simulate';
import { statsCommand } from './stats';

export const COMMANDS: CliCommand[] = [statsCommand, ingestCommand, rejectsCommand, postureCommand, anomaliesCommand, anomalyStatusCommand, incidentsCommand, incidentShowCommand, incidentContainCommand, incidentCloseCommand, serveCommand, intelImportCommand, intelLookupCommand, inventoryImportCommand, simulateCommand, mcpCommand, keysCreateCommand, keysListCommand, keysRevokeCommand, approvalsListCommand, approvalsApproveCommand, approvalsRejectCommand, auditVerifyCommand, auditExportCommand, dbRebuildDerivedCommand, policyListCommand, policyShowCommand, policyEvaluateCommand, policyIsolateCommand, policyReleaseCommand, policyBlockCommand, policyManagementPathCommand, policyExportCommand, enforcementAddCommand, enforcementListCommand, enforcementRemoveCommand, enforcementDeliveriesCommand];
