// The operation table: every operation once. Doors (IPC, HTTP, MCP) are generated from it.
import type { z } from 'zod';
import type { Operation } from './define';
import { anomaliesList, anomaliesSearch } from './operations/anomalies-list';
import { anomaliesSetStatus } from './operations/anomalies-set-status';
import { agentsActivity, agentsReportEvents } from './operations/agent-activity';
import { aiAnomaliesList, aiAnomaliesSetStatus } from './operations/ai-anomalies';
import { aiAgentPosture, aiPostureBrief, aiPostureGet, aiPostureWeights, aiSetPostureWeights, aiSetToolLegs } from './operations/ai-posture';
import { assetsGet, assetsList, assetsRegister, assetsRetire, assetsUpdate } from './operations/assets';
import { approvalsApprove, approvalsList, approvalsReject } from './operations/approvals';
import { auditCheckpoint, auditVerify } from './operations/audit-anchor';
import { auditList } from './operations/audit-list';
import { eventsRead } from './operations/events-read';
import { eventsSearch } from './operations/events-search';
import { eventsSubscribe } from './operations/events-subscribe';
import { incidentsClose, incidentsContain } from './operations/incidents-close';
import { incidentsGet, incidentsList } from './operations/incidents-list';
import { intelFeeds } from './operations/intel-feeds';
import { intelLookup } from './operations/intel-lookup';
import { listIngestSources, listRejects } from './operations/ingest-history';
import { listDevices, listUsers, listWorkloads } from './operations/inventory-list';
import { complianceState } from './operations/compliance-state';
import { postureDevice } from './operations/posture-device';
import { postureFleet } from './operations/posture-fleet';
import { postureOverview } from './operations/posture-overview';
import { postureUser } from './operations/posture-user';
import { postureWorkload } from './operations/posture-workload';
import { systemStats } from './operations/system-stats';
import { policyAllowDestination } from './operations/policy-allow-destination';
import { policyBlockDestination } from './operations/policy-block-destination';
import { policyCreate } from './operations/policy-create';
import { enforcementAddEndpoint, enforcementDeliveries, enforcementEndpoints, enforcementRemoveEndpoint } from './operations/policy-enforcement';
import { policyEvaluateAccess } from './operations/policy-evaluate-access';
import { policyGet } from './operations/policy-get';
import { policyIsolateDevice } from './operations/policy-isolate-device';
import { policyList } from './operations/policy-list';
import { policyManagementPaths, policySetManagementPath } from './operations/policy-management-paths';
import { policyReleaseDevice } from './operations/policy-release-device';
import { policyRestoreUser } from './operations/policy-restore-user';
import { policySuspendUser } from './operations/policy-suspend-user';
import { policyUpdate } from './operations/policy-update';
import { mcpScanApprove, mcpScanDiff, mcpScanFindings, mcpScanListing, mcpScanServers } from './operations/mcp-scan';
import { retentionGet, retentionPrune, retentionSet } from './operations/retention';
import { ingestFile } from './operations/ingest-file';
import { intelImport, inventoryImport } from './operations/file-imports';
import { keysCreate, keysList, keysRevoke } from './operations/keys';
import { policyExport } from './operations/policy-export';
import { auditExport } from './operations/audit-export';
import { simulateRun } from './operations/simulate-run';
import { dbRebuildDerived } from './operations/db-rebuild-derived';
import { postureSetWeights, postureWeights } from './operations/posture-weights';
import { detectSetSettings, detectSettings } from './operations/detect-settings';
import { vulnsAsk, vulnsDeleteStack, vulnsImportFeed, vulnsImportStack, vulnsListStack, vulnsPatches, vulnsSetStatus, vulnsShow, vulnsStats } from './operations/vulns';
import { policyWhatIf } from './operations/policy-what-if';
import { policyPreview } from './operations/policy-preview';
import { postureFleetTrend } from './operations/posture-fleet-trend';
import { aiEnforcementGaps } from './operations/ai-enforcement-gaps';
import { aiSuggestedWeights } from './operations/ai-suggested-weights';
import { enforcementReportDecisions } from './operations/enforcement-report-decisions';
import { shadowAiApprove, shadowAiCatalogue, shadowAiDecide, shadowAiExtensionReport, shadowAiGet, shadowAiList, shadowAiReview, shadowAiRevoke, shadowAiOrgKey, shadowAiImportCopilot } from './operations/shadow-ai';
import { anomaliesGet } from './operations/anomalies-get';

export const operations = {
  [mcpScanServers.name]: mcpScanServers,
  [mcpScanFindings.name]: mcpScanFindings,
  [mcpScanDiff.name]: mcpScanDiff,
  [mcpScanApprove.name]: mcpScanApprove,
  [mcpScanListing.name]: mcpScanListing,
  [systemStats.name]: systemStats,
  [intelLookup.name]: intelLookup,
  [intelFeeds.name]: intelFeeds,
  [listDevices.name]: listDevices,
  [listUsers.name]: listUsers,
  [listWorkloads.name]: listWorkloads,
  [listIngestSources.name]: listIngestSources,
  [listRejects.name]: listRejects,
  [postureOverview.name]: postureOverview,
  [postureFleet.name]: postureFleet,
  [postureDevice.name]: postureDevice,
  [postureUser.name]: postureUser,
  [postureWorkload.name]: postureWorkload,
  [complianceState.name]: complianceState,
  [policyIsolateDevice.name]: policyIsolateDevice,
  [policyReleaseDevice.name]: policyReleaseDevice,
  [policyBlockDestination.name]: policyBlockDestination,
  [policyAllowDestination.name]: policyAllowDestination,
  [policySuspendUser.name]: policySuspendUser,
  [policyRestoreUser.name]: policyRestoreUser,
  [policyCreate.name]: policyCreate,
  [policyUpdate.name]: policyUpdate,
  [policyList.name]: policyList,
  [policyGet.name]: policyGet,
  [policyEvaluateAccess.name]: policyEvaluateAccess,
  [policyManagementPaths.name]: policyManagementPaths,
  [policySetManagementPath.name]: policySetManagementPath,
  [enforcementAddEndpoint.name]: enforcementAddEndpoint,
  [enforcementEndpoints.name]: enforcementEndpoints,
  [enforcementRemoveEndpoint.name]: enforcementRemoveEndpoint,
  [enforcementDeliveries.name]: enforcementDeliveries,
  [anomaliesList.name]: anomaliesList,
  [anomaliesSearch.name]: anomaliesSearch,
  [anomaliesSetStatus.name]: anomaliesSetStatus,
  [incidentsList.name]: incidentsList,
  [incidentsGet.name]: incidentsGet,
  [incidentsClose.name]: incidentsClose,
  [incidentsContain.name]: incidentsContain,
  [eventsRead.name]: eventsRead,
  [eventsSearch.name]: eventsSearch,
  [eventsSubscribe.name]: eventsSubscribe,
  [auditList.name]: auditList,
  [auditVerify.name]: auditVerify,
  [auditCheckpoint.name]: auditCheckpoint,
  [approvalsList.name]: approvalsList,
  [approvalsApprove.name]: approvalsApprove,
  [approvalsReject.name]: approvalsReject,
  [assetsRegister.name]: assetsRegister,
  [assetsList.name]: assetsList,
  [assetsGet.name]: assetsGet,
  [assetsUpdate.name]: assetsUpdate,
  [assetsRetire.name]: assetsRetire,
  [agentsReportEvents.name]: agentsReportEvents,
  [agentsActivity.name]: agentsActivity,
  [aiAnomaliesList.name]: aiAnomaliesList,
  [aiAnomaliesSetStatus.name]: aiAnomaliesSetStatus,
  [aiPostureGet.name]: aiPostureGet,
  [aiAgentPosture.name]: aiAgentPosture,
  [aiPostureBrief.name]: aiPostureBrief,
  [aiPostureWeights.name]: aiPostureWeights,
  [aiSetPostureWeights.name]: aiSetPostureWeights,
  [aiSetToolLegs.name]: aiSetToolLegs,
  [retentionGet.name]: retentionGet,
  [retentionSet.name]: retentionSet,
  [retentionPrune.name]: retentionPrune,
  // Served to the CLI first (they were its own code before); ingest.file, intel.import and inventory.import to it alone (localFiles).
  [ingestFile.name]: ingestFile,
  [intelImport.name]: intelImport,
  [inventoryImport.name]: inventoryImport,
  [keysCreate.name]: keysCreate,
  [keysList.name]: keysList,
  [keysRevoke.name]: keysRevoke,
  [policyExport.name]: policyExport,
  [auditExport.name]: auditExport,
  [simulateRun.name]: simulateRun,
  [dbRebuildDerived.name]: dbRebuildDerived,
  [postureWeights.name]: postureWeights,
  [postureSetWeights.name]: postureSetWeights,
  [detectSettings.name]: detectSettings,
  [detectSetSettings.name]: detectSetSettings,
  // Vulnerability exposure (vulns.importFeed to the CLI alone: localFiles).
  [vulnsImportFeed.name]: vulnsImportFeed,
  [vulnsImportStack.name]: vulnsImportStack,
  [vulnsListStack.name]: vulnsListStack,
  [vulnsDeleteStack.name]: vulnsDeleteStack,
  [vulnsPatches.name]: vulnsPatches,
  [vulnsStats.name]: vulnsStats,
  [vulnsShow.name]: vulnsShow,
  [vulnsSetStatus.name]: vulnsSetStatus,
  [vulnsAsk.name]: vulnsAsk,
  [policyWhatIf.name]: policyWhatIf,
  [policyPreview.name]: policyPreview,
  [postureFleetTrend.name]: postureFleetTrend,
  [aiEnforcementGaps.name]: aiEnforcementGaps,
  [aiSuggestedWeights.name]: aiSuggestedWeights,
  [enforcementReportDecisions.name]: enforcementReportDecisions,
  [shadowAiList.name]: shadowAiList,
  [shadowAiGet.name]: shadowAiGet,
  [shadowAiApprove.name]: shadowAiApprove,
  [shadowAiRevoke.name]: shadowAiRevoke,
  [shadowAiReview.name]: shadowAiReview,
  [shadowAiDecide.name]: shadowAiDecide,
  [shadowAiCatalogue.name]: shadowAiCatalogue,
  [shadowAiExtensionReport.name]: shadowAiExtensionReport,
  [shadowAiOrgKey.name]: shadowAiOrgKey,
  [shadowAiImportCopilot.name]: shadowAiImportCopilot,
  [anomaliesGet.name]: anomaliesGet,
} as const satisfies Record<string, Operation>;

type Operations = typeof operations;
export type OpName = keyof Operations & string;
export type OpInput<N extends OpName> = z.input<Operations[N]['input']>;
export type OpParsedInput<N extends OpName> = z.output<Operations[N]['input']>;
export type OpOutput<N extends OpName> = z.output<Operations[N]['output']>;

export const operationNames = Object.keys(operations) as OpName[];
export function isOpName(name: string): name is OpName {
  return Object.hasOwn(operations, name);
}

export * from './define';
export type { ThreatContext } from './operations/intel-lookup';
export type { IngestSource, Reject } from './operations/ingest-history';
export type { Stats } from './operations/system-stats';
