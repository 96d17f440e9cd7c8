/** The plan inspector tests' shared helpers: the fixtures, an inspection checked against its schema, refusals, own documents. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmcError } from '../../../shared/errors';
import { inspectPlan, type InspectOptions } from '../../../shared/plans';
import { PlanInspection } from '../../../shared/plans/schemas';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';


export const FIX = IQSERVICE_FIXTURES;
export const fixture = (name: string) => readFileSync(join(FIX, name));

export function inspect(opts: InspectOptions) {
  const r = inspectPlan(opts);
  // Every result must match the contract's output schema.
  PlanInspection.parse(r);
  return r;
}

export function refused(fn: () => unknown): HmcError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HmcError) return e;
    throw new Error(`expected an HmcError, got ${String(e)}`, { cause: e });
  }
  throw new Error('expected the inspection to be refused');
}

export const attrs = (r: ReturnType<typeof inspectPlan>, i = 0) =>
  Object.fromEntries(r.accountRequests[i]!.attributeRequests.map((a) => [a.name, a.value]));

export const SECRETS_IN_FIXTURES = ['2:q0Zk3pR9xW1vTnL8sY4bAg==', '2:Zm9vYmFyRmFrZUVuY3J5cHRlZA==', '2:YmF6cXV4RmFrZUVuY3J5cHRlZA==', 'q0Zk3pR9xW1vTnL8sY4bAg', 'Zm9vYmFyRmFrZUVuY3J5cHRlZA', 'YmF6cXV4RmFrZUVuY3J5cHRlZA'];

// ---------- own documents ----------

export function request(opts: { op?: string; flow?: string | null; sam?: string | null; rra?: string | null; objectType?: string | null; extra?: string; args?: string }): string {
  const args = [opts.flow ? `<entry key="flow" value="${opts.flow}"/>` : '', opts.args ?? ''].join('');
  return `<AccountRequest application="AD" nativeIdentity="CN=Bo Lee,OU=Staff,DC=corp,DC=example,DC=org"${opts.op ? ` op="${opts.op}"` : ''}>
  <Attributes><Map>${args}</Map></Attributes>
  ${opts.objectType === null ? '' : `<AttributeRequest name="ObjectType" op="Set" value="${opts.objectType ?? 'User'}"/>`}
  ${opts.sam === null ? '' : `<AttributeRequest name="sAMAccountName" op="Set" value="${opts.sam ?? 'blee'}"/>`}
  ${opts.rra ? `<AttributeRequest name="remoteRoutingAddress" op="Set" value="${opts.rra}"/>` : ''}
  ${opts.extra ?? ''}
</AccountRequest>`;
}

export const APP = `<Map><entry key="exchangeSettings"><value><List><Map><entry key="ExchHost"><value><List><String>exch01.corp.example.org</String></List></value></entry></Map></List></value></entry></Map>`;
