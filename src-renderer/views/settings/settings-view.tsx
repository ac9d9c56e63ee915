// Settings: API keys, the MCP connection snippets, enforcement endpoints and their delivery log, posture
// score weights, the data folder and retention. Each panel calls the same operations as the CLI and REST.
import { PageHeader } from '../../components/page-header';
import { useOpQuery } from '../../store/use-op-query';
import { ApiKeysPanel } from './api-keys-panel';
import { DataPanel } from './data-panel';
import { EnforcementPanel } from './enforcement-panel';
import { McpSnippetsPanel } from './mcp-snippets-panel';
import { WeightsPanel } from './weights-panel';
import { AiWeightsPanel } from './ai-weights-panel';
import '../incidents/incidents.css';
import '../quarantine/quarantine.css';
import './settings.css';

export function SettingsView() {
  const stats = useOpQuery('settings.stats', 'system.stats', {});
  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Settings" subtitle="API keys, AI assistant connections, enforcement, score weights and data retention" />
      <div className="settings-grid">
        <ApiKeysPanel />
        <McpSnippetsPanel dataDir={stats.data?.data_dir} />
        <EnforcementPanel />
        <WeightsPanel />
        <AiWeightsPanel />
        <DataPanel stats={stats.data ?? null} />
      </div>
    </section>
  );
}
