// Threat Intel: look up an IP, CIDR, domain, URL or hash against the local indicator store; the imported feeds.
import { useRef } from 'react';
import { Badge } from '../../components/badge';
import { DataTable } from '../../components/data-table';
import { fmtInt, fmtTime, label } from '../../components/format';
import { PageHeader } from '../../components/page-header';
import { EmptyState, ErrorNotice, Loading } from '../../components/states';
import { queryOf, useStore } from '../../store/index';
import { useOpQuery } from '../../store/use-op-query';
import { ThreatContextCard } from './threat-context-card';

type Feed = { name: string; format: string; indicators: number; imported_at: string };

export function IntelView() {
  const text = useStore((s) => s.lookupText);
  const setText = useStore((s) => s.setLookupText);
  const submit = useStore((s) => s.submitLookup);
  const lookedUp = useStore((s) => s.lookedUp);
  const lookup = useStore((s) => queryOf<'intel.lookup'>(s.queries, 'intel.lookup'));
  const feeds = useOpQuery('intel.feeds', 'intel.feeds', {});
  const inputRef = useRef<HTMLInputElement>(null);

  return (
    <section className="view" aria-labelledby="view-title">
      <PageHeader title="Threat Intel" subtitle="Threat context from the locally imported indicator feeds (no network lookups)" updatedAt={feeds.updatedAt} onRefresh={feeds.reload} busy={feeds.status === 'loading'} />
      <form
        className="lookup"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
          inputRef.current?.select();
        }}
      >
        <label htmlFor="lookup-input" className="lookup-label">
          Indicator
        </label>
        <input
          id="lookup-input"
          ref={inputRef}
          className="lookup-input mono"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="IP address, CIDR, domain, URL or MD5/SHA-1/SHA-256 hash"
          spellCheck={false}
          autoComplete="off"
          aria-describedby="lookup-help"
        />
        <button type="submit" className="btn btn-primary" disabled={lookup.status === 'loading'}>
          Look up
        </button>
        <span id="lookup-help" className="sr-only">
          The engine validates the indicator and reports what is wrong with it.
        </span>
      </form>
      <div className="lookup-result" aria-live="polite">
        {lookup.status === 'loading' ? <Loading what={`context for ${lookedUp}`} /> : null}
        {lookup.status === 'error' && lookup.error ? <ErrorNotice error={lookup.error} /> : null}
        {lookup.status === 'ready' && lookup.data ? <ThreatContextCard ctx={lookup.data} /> : null}
      </div>

      <section className="panel" aria-labelledby="feeds-title">
        <h2 id="feeds-title" className="panel-title">
          Feeds
        </h2>
        {feeds.error ? <ErrorNotice error={feeds.error} onRetry={feeds.reload} compact /> : null}
        {!feeds.data ? (
          feeds.status !== 'error' ? <Loading what="feeds" /> : null
        ) : feeds.data.feeds.length === 0 ? (
          <EmptyState title="No feeds imported">Import one with <code>threatmatic intel import FILE</code> (STIX 2.1, MISP, CSV, plain lists).</EmptyState>
        ) : (
          <>
            <div className="totals">
              <span>{fmtInt(feeds.data.totals.indicators)} indicators</span>
              <Badge tone="danger">{fmtInt(feeds.data.totals.malicious)} malicious</Badge>
              <Badge tone="warn">{fmtInt(feeds.data.totals.suspicious)} suspicious</Badge>
              <Badge tone="neutral">{fmtInt(feeds.data.totals.unknown)} unknown</Badge>
              <Badge tone="ok">{fmtInt(feeds.data.totals.benign)} benign</Badge>
            </div>
            <DataTable<Feed>
              caption="Threat-intel feeds"
              rows={feeds.data.feeds}
              rowKey={(f) => f.name}
              columns={[
                { key: 'name', header: 'Feed', kind: 'mono', render: (f) => f.name },
                { key: 'format', header: 'Format', render: (f) => label(f.format) },
                { key: 'n', header: 'Indicators', kind: 'num', render: (f) => fmtInt(f.indicators) },
                { key: 'at', header: 'Imported', render: (f) => fmtTime(f.imported_at) },
              ]}
            />
          </>
        )}
      </section>
    </section>
  );
}
