// The screens of the console, in navigation order. A new screen is one folder under views/ and one entry here.
import type { ComponentType } from 'react';
import { AiPostureView } from './ai-posture/ai-posture-view';
import { ApprovalsBadge } from './approvals/approvals-badge';
import { ApprovalsView } from './approvals/approvals-view';
import { AuditView } from './audit/audit-view';
import { AnomaliesView } from './anomalies/anomalies-view';
import { AssetsView } from './assets/assets-view';
import { DevicesView } from './devices/devices-view';
import { EventsView } from './events/events-view';
import { IncidentsView } from './incidents/incidents-view';
import { IngestView } from './ingest/ingest-view';
import { IntelView } from './intel/intel-view';
import { McpScanView } from './mcp-scan/mcp-scan-view';
import { OverviewView } from './overview/overview-view';
import { PostureView } from './posture/posture-view';
import { QuarantineView } from './quarantine/quarantine-view';
import { SettingsView } from './settings/settings-view';
import { UsersView } from './users/users-view';
import { WorkloadsView } from './workloads/workloads-view';
import { VulnsView } from './vulns/vulns-view';
import { PoliciesView } from './policies/policies-view';
import { ShadowAiView } from './shadow-ai/shadow-ai-view';

export interface ViewEntry {
  /** The route (#/<id>) and the icon name. */
  id: string;
  label: string;
  section: 'Monitor' | 'Response' | 'Inventory' | 'Intelligence' | 'Data';
  component: ComponentType;
  /** Shown beside the label in the navigation (a live count). */
  badge?: ComponentType;
}

export const VIEWS: ViewEntry[] = [
  { id: 'posture', label: 'Posture', section: 'Monitor', component: PostureView },
  { id: 'ai-posture', label: 'AI posture', section: 'Monitor', component: AiPostureView },
  { id: 'anomalies', label: 'Anomalies', section: 'Monitor', component: AnomaliesView },
  { id: 'incidents', label: 'Incidents', section: 'Monitor', component: IncidentsView },
  { id: 'overview', label: 'Overview', section: 'Monitor', component: OverviewView },
  { id: 'approvals', label: 'Approvals', section: 'Response', component: ApprovalsView, badge: ApprovalsBadge },
  { id: 'audit', label: 'Audit log', section: 'Response', component: AuditView },
  { id: 'quarantine', label: 'Quarantine paths', section: 'Response', component: QuarantineView },
  { id: 'devices', label: 'Devices', section: 'Inventory', component: DevicesView },
  { id: 'users', label: 'Users', section: 'Inventory', component: UsersView },
  { id: 'workloads', label: 'Workloads', section: 'Inventory', component: WorkloadsView },
  { id: 'assets', label: 'AI assets', section: 'Inventory', component: AssetsView },
  { id: 'mcp-scan', label: 'MCP scan', section: 'Inventory', component: McpScanView },
  { id: 'intel', label: 'Threat Intel', section: 'Intelligence', component: IntelView },
  { id: 'events', label: 'Events', section: 'Data', component: EventsView },
  { id: 'ingest', label: 'Ingest', section: 'Data', component: IngestView },
  { id: 'settings', label: 'Settings', section: 'Data', component: SettingsView },
  { id: 'vulns', label: 'Vulnerability exposure', section: 'Monitor', component: VulnsView },
  { id: 'policies', label: 'Policies', section: 'Response', component: PoliciesView },
  { id: 'shadow-ai', label: 'Shadow AI', section: 'Monitor', component: ShadowAiView },
];

export const SECTIONS = ['Monitor', 'Response', 'Inventory', 'Intelligence', 'Data'] as const;

export function viewById(id: string): ViewEntry {
  return VIEWS.find((v) => v.id === id) ?? VIEWS[0];
}
