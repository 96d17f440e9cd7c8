import { it } from 'vitest';
import { doc, rulesCore, HOSTS } from './helpers';
it('x', async () => {
  const c = await rulesCore();
  try {
    const r = await c.replay({ kind: 'after-create', request: await doc('rules/joiner-create.xml'), result: await doc('service-result-created-on-server.xml'), seed: true, faults: { hosts: { [HOSTS[0]!]: 'kerberos', [HOSTS[1]!]: 'kerberos' } } });
    console.log(r.exitCode, r.stderr.slice(0, 3000), JSON.stringify(r.findings), r.logs.map((l) => l.text).join('\n'));
  } finally { await c.dispose(); }
}, 120000);
