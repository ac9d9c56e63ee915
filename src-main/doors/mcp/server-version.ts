// The version this MCP server announces, apart from the server itself so a command that only names it
// (mcp-scan's SARIF report) does not load the MCP SDK.
export const MCP_SERVER_VERSION = '0.1.0';
