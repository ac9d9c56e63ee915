// Canonical JSONL (docs/telemetry-schema.md): the TelemetryEvent shape with an ISO `ts`, one object a line.
// Also validates in-memory events (ingestEvents), which have the same shape with `ts` in epoch ms.
import { answersField, countField, domainField, hashField, ipField, kindField, numberField, outcomeField, portField, stringField, timestampField, windowsEventNote, jsonObjectLine } from './fields';
import { PipelineEvent, reject, type LineParser } from './types';

/**
 * Copies the known fields of a parsed object into a PipelineEvent, checking each one.
 * Unknown fields are ignored (forward compatible: a newer writer may add fields).
 */
export function canonicalEvent(obj: Record<string, unknown>): PipelineEvent {
  const ev = new PipelineEvent();
  let sawTs = false;
  let sawKind = false;
  for (const key in obj) {
    const v = obj[key];
    if (v === null || v === undefined) continue;
    switch (key) {
      case 'ts': ev.ts = timestampField('ts', v); sawTs = true; break;
      case 'kind': ev.kind = kindField(v); sawKind = true; break;
      case 'src_ip': ev.src_ip = ipField('src_ip', v); break;
      case 'dst_ip': ev.dst_ip = ipField('dst_ip', v); break;
      case 'src_port': ev.src_port = portField('src_port', v); break;
      case 'dst_port': ev.dst_port = portField('dst_port', v); break;
      case 'proto': ev.proto = stringField(key, v).toLowerCase(); break;
      case 'bytes_out': ev.bytes_out = countField(key, v); break;
      case 'bytes_in': ev.bytes_in = countField(key, v); break;
      case 'duration_ms': ev.duration_ms = numberField(key, v); break;
      case 'conn_state': ev.conn_state = stringField(key, v); break;
      case 'query': ev.query = domainField(key, v); break;
      case 'answers': ev.answers = answersField(key, v); break;
      case 'rcode': ev.rcode = stringField(key, v); break;
      case 'device_id': ev.device_id = stringField(key, v); break;
      case 'workload_id': ev.workload_id = stringField(key, v); break;
      case 'user_id': ev.user_id = stringField(key, v); break;
      case 'outcome': ev.outcome = outcomeField(key, v); break;
      case 'method': ev.method = stringField(key, v); break;
      case 'country': ev.country = stringField(key, v); break;
      case 'hash': ev.hash = hashField(key, v); break;
      case 'process': ev.process = stringField(key, v); break;
      case 'path': ev.path = stringField(key, v); break;
      case 'firmware_version': ev.firmware_version = stringField(key, v); break;
      case 'manufacturer': ev.manufacturer = stringField(key, v); break;
      case 'model': ev.model = stringField(key, v); break;
      case 'signature': ev.signature = stringField(key, v); break;
      case 'alert_severity': ev.alert_severity = numberField(key, v); break;
      case 'host': ev.host = domainField(key, v); break;
      case 'url': ev.url = stringField(key, v); break;
      case 'http_method': ev.http_method = stringField(key, v).toUpperCase(); break;
      case 'status_code': ev.status_code = countField(key, v); break;
      case 'user_agent': ev.user_agent = stringField(key, v); break;
      case 'server_name': ev.server_name = domainField(key, v); break;
      case 'host_name': ev.host_name = stringField(key, v).toLowerCase(); break;
      case 'event_code': ev.event_code = countField(key, v); break;
      case 'logon_type': ev.logon_type = countField(key, v); break;
      case 'command_line': ev.command_line = stringField(key, v); break;
      case 'parent_process': ev.parent_process = stringField(key, v); break;
      case 'target_process': ev.target_process = stringField(key, v); break;
      case 'granted_access': ev.granted_access = stringField(key, v).toLowerCase(); break;
      case 'service_name': ev.service_name = stringField(key, v); break;
      case 'share_name': ev.share_name = stringField(key, v); break;
      case 'target_host': ev.target_host = stringField(key, v).toLowerCase(); break;
      case 'mime_type': ev.mime_type = stringField(key, v).toLowerCase(); break;
      case 'ja3': ev.ja3 = stringField(key, v).toLowerCase(); break;
      case 'ja4': ev.ja4 = stringField(key, v); break;
      case 'cert_subject': ev.cert_subject = stringField(key, v); break;
      case 'cert_issuer': ev.cert_issuer = stringField(key, v); break;
      case 'cert_not_before': ev.cert_not_before = timestampField(key, v); break;
      case 'cert_status': ev.cert_status = stringField(key, v); break;
    }
  }
  if (!sawTs || !sawKind) {
    const windows = windowsEventNote(obj);
    if (windows) reject(windows);
    reject(`missing required field '${sawTs ? 'kind' : 'ts'}'`);
  }
  checkKindFields(ev);
  return ev;
}

/** The fields without which an event of a kind says nothing. */
function checkKindFields(ev: PipelineEvent): void {
  switch (ev.kind) {
    case 'flow':
      if (ev.src_ip === undefined || ev.dst_ip === undefined) reject(`flow event needs src_ip and dst_ip (got ${ev.src_ip === undefined ? 'no src_ip' : 'no dst_ip'})`);
      break;
    case 'dns':
      if (ev.query === undefined && ev.src_ip === undefined && ev.device_id === undefined) reject('dns event needs a query or a client (src_ip or device_id)');
      break;
    case 'auth':
      if (ev.user_id === undefined) reject("auth event needs user_id");
      break;
    case 'http':
      if (ev.host === undefined && ev.url === undefined) reject('http event needs host or url');
      break;
    case 'tls':
      if (ev.server_name === undefined && ev.dst_ip === undefined && ev.hash === undefined) reject('tls event needs server_name, dst_ip or hash (the certificate fingerprint)');
      break;
    case 'process_access':
      if (ev.target_process === undefined) reject('process_access event needs target_process');
      break;
    case 'service_install':
      if (ev.service_name === undefined && ev.path === undefined) reject('service_install event needs service_name or path');
      break;
    case 'share_access':
      if (ev.share_name === undefined) reject('share_access event needs share_name');
      break;
  }
}

export class CanonicalParser implements LineParser {
  parse(text: string): PipelineEvent {
    return canonicalEvent(jsonObjectLine(text));
  }
}
