// Line icons for the navigation, drawn inline so the CSP needs no image sources.
const paths: Record<string, string> = {
  overview: 'M2 2h5v5H2zM9 2h5v3H9zM9 7h5v7H9zM2 9h5v5H2z',
  posture: 'M2.5 11a5.5 5.5 0 0 1 11 0M8 11l2.5-3.5M2 13.5h12',
  'ai-posture': 'M2.5 11a5.5 5.5 0 0 1 11 0M8 11l2.5-3.5M5.5 5.5h5v3h-5zM2 13.5h12',
  anomalies: 'M8 2 14.5 13.5h-13ZM8 6.5v3.5M8 12h.01',
  incidents: 'M3 2.5h10v11H3zM5.5 5.5h5M5.5 8h5M5.5 10.5h3',
  devices: 'M2 3h12v8H2zM5 13h6M8 11v2',
  users: 'M8 8a3 3 0 1 0 0-6 3 3 0 0 0 0 6ZM2.5 14c.6-2.8 2.8-4.2 5.5-4.2s4.9 1.4 5.5 4.2',
  workloads: 'M2 2.5h12v4H2zM2 9.5h12v4H2zM4.5 4.5h.01M4.5 11.5h.01',
  intel: 'M8 1.5 13.5 4v4c0 3.2-2.4 5.6-5.5 6.5C4.9 13.6 2.5 11.2 2.5 8V4Z M6 8l1.5 1.5L10.5 6.5',
  ingest: 'M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 11v2.5h11V11',
  assets: 'M5 5.5h6v5H5zM8 2.5v3M8 10.5v3M2.5 8h2.5M11 8h2.5M6.5 8h.01M9.5 8h.01',
  'mcp-scan': 'M3 2.5h7l3 3v8H3zM5.5 7h5M5.5 9.5h3M10.5 11.5l2 2',
  approvals: 'M3 8.5l3 3 7-7M2.5 13.5h11',
  quarantine: 'M2.5 2.5h11v11h-11zM5.5 5.5h5v5h-5zM8 2.5v3M8 10.5v3',
  events: 'M2 13.5h12M3.5 11V8M6.5 11V4M9.5 11V6.5M12.5 11V2.5',
  vulns: 'M8 1.5 13.5 4v4c0 3.2-2.4 5.6-5.5 6.5C4.9 13.6 2.5 11.2 2.5 8V4ZM8 5v4M8 11h.01',
  policies: 'M3 2.5h10v11H3zM5.5 5.5h5M5.5 8h2M9.5 8l1 1 2-2M5.5 10.5h5',
  'shadow-ai': 'M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8ZM8 6v2.5M8 10.5h.01',
  settings: 'M8 10a2 2 0 1 0 0-4 2 2 0 0 0 0 4ZM8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4',
};

export function Icon({ name }: { name: string }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round">
      <path d={paths[name] ?? paths.overview} />
    </svg>
  );
}

export function LogoMark() {
  return (
    <svg className="logo-mark" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M12 2 20.5 5.5v6c0 5-3.6 8.7-8.5 10.5C7.1 20.2 3.5 16.5 3.5 11.5v-6Z" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M7.5 12.5h3l1.5-4 2 7 1.5-3h1.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
