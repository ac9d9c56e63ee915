// `threatmatic mcp`: the MCP server on stdio for an AI assistant, authorised by the API key in
// $THREATMATIC_API_KEY. stdout carries protocol messages only; everything else goes to stderr.
import { CliUsageError, type CliCommand } from '../command';

export const mcpCommand: CliCommand = {
  name: 'mcp',
  summary: 'Serve MCP on stdio for an AI assistant (API key from $THREATMATIC_API_KEY)',
  maxArgs: 0,
  details: `The assistant starts this command and talks MCP over stdin/stdout. The key decides which tools it sees
and may call (its scopes) and whether calls that change containment or access wait for approval; every call is audited under the key
and the client's name. Create a key with: threatmatic keys create --name claude --scopes read
Client configurations (Claude Desktop, VS Code, Cursor, MCP Inspector): docs/mcp.md.`,
  async run(ctx) {
    const presented = process.env.THREATMATIC_API_KEY?.trim();
    if (!presented) throw new CliUsageError('THREATMATIC_API_KEY is not set: create a key with `threatmatic keys create --name NAME --scopes read` and put it in the MCP client\'s env');
    const engine = ctx.engine({ longRunning: true });
    const key = engine.keys.authenticate(presented);
    if (!key) throw new CliUsageError(`THREATMATIC_API_KEY is not a valid key for ${ctx.dataDir}: unknown or revoked (see \`threatmatic keys list\`)`);
    engine.startBackground({ detectors: false });
    // The MCP SDK is loaded here, by the command that speaks MCP, not by every command at start-up.
    const { serveStdio } = await import('../../doors/mcp/stdio-server');
    const served = serveStdio(engine, key.key_id);
    // A supervisor's signal ends the session cleanly, so the database closes after the last write.
    const stop = () => process.stdin.destroy();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await served;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    return 0;
  },
};
