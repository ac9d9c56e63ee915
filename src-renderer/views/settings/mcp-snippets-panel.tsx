// How to connect an AI assistant: the MCP configuration for Claude Desktop (stdio, `threatmatic mcp` on this
// data folder, as docs/mcp.md), VS Code and Cursor (this machine's HTTP endpoint), each with a copy button.
// The key is a placeholder: keys are shown only once.
import { useStore } from '../../store/index';
import { CopyButton } from '../../components/copy-button';

/** The desktop app's MCP endpoint port (src-main/doors/mcp/standalone-http.ts). */
const DESKTOP_MCP_URL = 'http://127.0.0.1:4871/mcp';
const KEY = '<API key from above>';

function mcpSnippets(url: string, dataDir: string | undefined): { client: string; file: string; json: string }[] {
  const headers = { Authorization: `Bearer ${KEY}` };
  const env = { THREATMATIC_API_KEY: KEY, ...(dataDir ? { THREATMATIC_DATA_DIR: dataDir } : {}) };
  return [
    { client: 'Claude Desktop', file: 'claude_desktop_config.json', json: JSON.stringify({ mcpServers: { threatmatic: { command: 'threatmatic', args: ['mcp'], env } } }, null, 2) },
    { client: 'VS Code', file: '.vscode/mcp.json', json: JSON.stringify({ servers: { threatmatic: { type: 'http', url, headers } } }, null, 2) },
    { client: 'Cursor', file: '~/.cursor/mcp.json', json: JSON.stringify({ mcpServers: { threatmatic: { url, headers } } }, null, 2) },
  ];
}

export function McpSnippetsPanel({ dataDir }: { dataDir?: string }) {
  const transport = useStore((s) => s.api?.transport);
  const url = transport === 'electron' ? DESKTOP_MCP_URL : `${window.location.origin}/mcp`;
  return (
    <section className="panel" aria-labelledby="mcp-title">
      <h2 id="mcp-title" className="panel-title">Connect an AI assistant (MCP)</h2>
      <p className="dim">Endpoint: <code className="mono">{url}</code>. Replace the placeholder with a key that has the scopes the assistant needs. Claude Desktop runs <code className="mono">threatmatic mcp</code> (on the PATH after <code className="mono">npm link</code>).</p>
      {mcpSnippets(url, dataDir).map((s) => (
        <div key={s.client} className="settings-snippet">
          <div className="settings-snippet-head">
            <h3>{s.client} <span className="dim mono">{s.file}</span></h3>
            <CopyButton text={s.json} what={`the ${s.client} configuration`} />
          </div>
          <pre className="mono" tabIndex={0} aria-label={`${s.client} configuration`}>{s.json}</pre>
        </div>
      ))}
    </section>
  );
}
