import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../../shared/connectivity/report';
import type { CheckRun } from '../../../shared/connectivity/schemas';

describe('report', () => {
  it('escapes everything that came from the network', () => {
    const evil = '<script>alert(1)</script>"\'&';
    const run: CheckRun = {
      id: 'r1', startedAt: '2026-11-27T10:00:00.000Z', finishedAt: '2026-11-27T10:00:01.000Z', durationMs: 1000, timeoutMs: 5000, deadlineMs: 20000,
      deadlineHit: false, source: 'typed', notes: [evil],
      hosts: [{
        host: evil, verdict: 'failed', role: 'exchange', durationMs: 5,
        target: { role: 'exchange', name: 'x', port: 80, tlsPort: 443 },
        firstFailure: { layer: 'http', hint: evil },
        layers: [{ layer: 'http', status: 'fail', latencyMs: 2, detail: evil, steps: [{ name: evil, status: 'fail', latencyMs: 1, detail: evil, data: { server: evil, wwwAuthenticate: [evil] } }] }],
      }],
    };
    const html = htmlReport(run);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(evil);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });
});
