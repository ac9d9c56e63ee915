// Simulated workloads: application servers, containers, VMs and cloud functions, with the peers they call.
import type { WorkloadKind } from '@shared/domain/enums';
import type { WorkloadRecord } from '@shared/domain/inventory';
import { DATACENTER, externalIp, type IpAllocator } from './network-plan';
import { EMAIL_DOMAIN, NameRegistry } from './naming';
import type { Rng } from './prng';

export interface SimWorkload {
  index: number;
  record: WorkloadRecord;
  kind: WorkloadKind;
  /** Absent for cloud functions: they own no fixed address (see `egress`). */
  ip?: string;
  /** The address its traffic leaves from: its own, or for cloud functions the provider's NAT gateway. */
  egress: string;
  /** Internal addresses it calls (databases, caches, the file server). */
  peers: { ip: string; port: number }[];
  /** External APIs it calls. */
  externals: string[];
}

interface Service { name: string; kind: WorkloadKind; image?: string; runtime: string; team: string; port?: number; externals: string[] }

const SERVICES: Service[] = [
  { name: 'postgres', kind: 'container', image: 'postgres:16.3', runtime: 'kubernetes 1.29', team: 'platform', port: 5432, externals: [] },
  { name: 'redis', kind: 'container', image: 'redis:7.2.5', runtime: 'kubernetes 1.29', team: 'platform', port: 6379, externals: [] },
  { name: 'payments_api', kind: 'container', image: 'registry.acmecorp.com/payments-api:2.14.3', runtime: 'kubernetes 1.29', team: 'payments', externals: ['api.stripe.com'] },
  { name: 'orders_api', kind: 'container', image: 'registry.acmecorp.com/orders-api:5.2.0', runtime: 'kubernetes 1.29', team: 'commerce', externals: ['api.sendgrid.com'] },
  { name: 'web_frontend', kind: 'container', image: 'registry.acmecorp.com/web:2024.11.3', runtime: 'kubernetes 1.29', team: 'web', externals: ['cdn.jsdelivr.net'] },
  { name: 'auth_service', kind: 'container', image: 'registry.acmecorp.com/auth:3.8.1', runtime: 'kubernetes 1.29', team: 'identity', externals: ['acmecorp.okta.com'] },
  { name: 'search', kind: 'container', image: 'docker.elastic.co/elasticsearch/elasticsearch:8.14.1', runtime: 'kubernetes 1.29', team: 'platform', port: 9200, externals: [] },
  { name: 'erp', kind: 'server', runtime: 'Windows Server 2022', team: 'finance-it', port: 1433, externals: ['api.sap.com'] },
  { name: 'crm', kind: 'server', runtime: 'Ubuntu 22.04 LTS', team: 'sales-ops', externals: ['acmecorp.my.salesforce.com'] },
  { name: 'reporting', kind: 'server', runtime: 'Ubuntu 22.04 LTS', team: 'data', externals: [] },
  { name: 'build_agent', kind: 'vm', runtime: 'VMware ESXi 8.0U2', team: 'platform', externals: ['github.com', 'registry.npmjs.org', 'pypi.org'] },
  { name: 'jenkins', kind: 'vm', runtime: 'VMware ESXi 8.0U2', team: 'platform', externals: ['github.com'] },
  { name: 'grafana', kind: 'vm', runtime: 'KVM (Proxmox 8.2)', team: 'platform', externals: ['grafana.com'] },
  { name: 'invoice_ocr', kind: 'cloud_function', runtime: 'aws-lambda python3.12', team: 'finance-it', externals: ['textract.us-east-1.amazonaws.com', 's3.amazonaws.com'] },
  { name: 'thumbnailer', kind: 'cloud_function', runtime: 'aws-lambda nodejs20.x', team: 'web', externals: ['s3.amazonaws.com'] },
  { name: 'nightly_export', kind: 'cloud_function', runtime: 'gcp-functions python3.12', team: 'data', externals: ['storage.googleapis.com'] },
];

const PREFIX: Record<WorkloadKind, string> = { server: 'wl_srv', container: 'wl_ctr', vm: 'wl_vm', cloud_function: 'wl_fn' };

export function generateWorkloads(rng: Rng, count: number, ips: IpAllocator): SimWorkload[] {
  const names = new NameRegistry();
  const out: SimWorkload[] = [];
  for (let i = 0; i < count; i++) {
    // The first pass gives every service one instance (databases first, so callers have peers); then replicas.
    const svc = i < SERVICES.length ? SERVICES[i] : rng.pick(SERVICES.filter((s) => s.kind !== 'cloud_function'));
    const replica = out.filter((w) => w.record.name === svc.name).length + 1;
    const suffix = svc.kind === 'container' ? rng.hex(5) : String(replica).padStart(2, '0');
    const id = names.claim(`${PREFIX[svc.kind]}_${svc.name}_${suffix}`);
    const ip = svc.kind === 'cloud_function' ? undefined : ips.allocate(DATACENTER, 'workloads');
    const record: WorkloadRecord = {
      workload_id: id, kind: svc.kind, name: svc.name, runtime: svc.runtime, owner: `${svc.team}@${EMAIL_DOMAIN}`, ip_addresses: ip ? [ip] : [],
    };
    if (svc.image) record.image = svc.image;
    out.push({ index: i, record, kind: svc.kind, ip, egress: ip ?? externalIp(`nat-gateway.${svc.runtime.split(' ')[0]}.acmecorp-cloud`), peers: [], externals: svc.externals });
  }
  // Callers talk to the data stores that exist: the first postgres/redis/search/erp instances.
  const stores = out.filter((w) => w.ip && ['postgres', 'redis', 'search', 'erp'].includes(w.record.name ?? ''));
  for (const w of out) {
    if (stores.includes(w) || w.kind === 'cloud_function') continue;
    w.peers = stores.filter(() => rng.chance(0.6)).map((s) => ({ ip: s.ip!, port: SERVICES.find((x) => x.name === s.record.name)!.port ?? 443 }));
    if (w.peers.length === 0 && stores.length > 0) w.peers.push({ ip: stores[0].ip!, port: SERVICES.find((x) => x.name === stores[0].record.name)!.port ?? 443 });
  }
  return out;
}
