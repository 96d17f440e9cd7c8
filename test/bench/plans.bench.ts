/**
 * Plan inspector speed: validate + parse + mask + explain a ProvisioningPlan with 5,000
 * attribute requests, and a ~10 MB document. Baseline in the same run: fast-xml-parser's bare
 * `new XMLParser().parse(doc)` of the same text (target: within 2x). For information, the ratio
 * to JSON.parse of an equivalent JSON document (the inspection's account requests as JSON).
 */
import { XMLParser } from 'fast-xml-parser';
import { inspectPlan } from '../../shared/plans';
import { emit, median } from './lib';

function attributeRequest(i: number): string {
  switch (i % 6) {
    case 0:
      return `    <AttributeRequest name="extensionAttribute${i}" op="Set" value="Value ${i} for O&apos;Brien – dept ${i % 97}"/>\n`;
    case 1:
      return `    <AttributeRequest name="memberOf${i}" op="Add">\n      <Value>\n        <List>\n          <String>CN=GG-Group-${i},OU=Groups,DC=corp,DC=example,DC=org</String>\n          <String>CN=GG-Other-${i},OU=Groups,DC=corp,DC=example,DC=org</String>\n        </List>\n      </Value>\n    </AttributeRequest>\n`;
    case 2:
      return `    <AttributeRequest name="flag${i}" op="Set">\n      <Value>\n        <Boolean>${i % 4 === 0 ? 'true' : ''}</Boolean>\n      </Value>\n    </AttributeRequest>\n`;
    case 3:
      return `    <AttributeRequest name="count${i}" op="Set">\n      <Value>\n        <Integer>${i}</Integer>\n      </Value>\n    </AttributeRequest>\n`;
    case 4:
      return `    <AttributeRequest name="cleared${i}" op="Set"/>\n`;
    default:
      return `    <AttributeRequest name="*password*${i}" op="Set" value="2:q0Zk3pR9xW1vTnL8sY4b${String(i).padStart(6, '0')}==">\n      <Attributes>\n        <Map>\n          <entry key="secret" value="true"/>\n        </Map>\n      </Attributes>\n    </AttributeRequest>\n`;
  }
}

function accountRequest(n: number, k: number): string {
  const parts = [
    `  <AccountRequest application="AD - corp.example.org" nativeIdentity="CN=User ${k},OU=Joiners,DC=corp,DC=example,DC=org" op="Create">\n`,
    `    <Attributes>\n      <Map>\n        <entry key="flow" value="Joiner"/>\n        <entry key="interface" value="LCM"/>\n        <entry key="noLocking"><value><Boolean>true</Boolean></value></entry>\n      </Map>\n    </Attributes>\n`,
    `    <AttributeRequest name="ObjectType" op="Set" value="User"/>\n    <AttributeRequest name="sAMAccountName" op="Set" value="user${k}"/>\n`,
  ];
  for (let i = 0; i < n; i++) parts.push(attributeRequest(i));
  parts.push('  </AccountRequest>\n');
  return parts.join('');
}

function plan(requests: number, perRequest: number): string {
  const parts = [
    `<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE ProvisioningPlan PUBLIC "sailpoint.dtd" "sailpoint.dtd">\n<ProvisioningPlan nativeIdentity="Ana.OBrien" trackingId="6f0d3c2b">\n`,
  ];
  for (let k = 0; k < requests; k++) parts.push(accountRequest(perRequest, k));
  parts.push(`  <Attributes>\n    <Map>\n      <entry key="source" value="LCM"/>\n    </Map>\n  </Attributes>\n</ProvisioningPlan>\n`);
  return parts.join('');
}

function time(fn: () => unknown, runs: number): number {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

function measure(label: string, doc: string, runs: number): void {
  const mb = Buffer.byteLength(doc) / (1024 * 1024);
  const bytes = new Uint8Array(Buffer.from(doc));
  const check = inspectPlan({ document: doc });
  const count = check.accountRequests.reduce((n, a) => n + a.attributeRequests.length, 0);
  if (JSON.stringify(check).includes('q0Zk3pR9xW1vTnL8sY4b')) throw new Error('a secret leaked');
  const json = JSON.stringify(check.accountRequests);

  // Interleave to share machine noise.
  const bare = time(() => new XMLParser().parse(doc), runs);
  const ours = time(() => inspectPlan({ document: doc, routingDomain: 'corpexample.mail.onmicrosoft.com' }), runs);
  const oursBytes = time(() => inspectPlan({ document: bytes }), runs);
  const jsonMs = time(() => JSON.parse(json), runs);

  emit(`plans.inspect ${label} ms`, ours, 'ms', bare, { mb: Math.round(mb * 100) / 100, attributeRequests: count, target: 'ratio <= 2' });
  emit(`plans.inspect ${label} MB/s`, mb / (ours / 1000), 'MB/s', mb / (bare / 1000));
  emit(`plans.inspect ${label} from UTF-8 bytes ms`, oursBytes, 'ms', bare);
  emit(`plans.inspect ${label} vs JSON.parse (info)`, ours, 'ms', jsonMs, { jsonMb: Math.round((json.length / 1048576) * 100) / 100 });
  emit(`fast-xml-parser bare parse ${label} vs JSON.parse (info)`, bare, 'ms', jsonMs);
}

measure('5000 attribute requests', plan(1, 5000), 15);
measure('10 MB', plan(16, 4200), 5);
