import { describe, expect, it } from 'vitest';
import { authSchemes, judgeHttp, type HttpProbeResult } from '../../../electron/services/connectivity/http';

describe('HTTP judgement', () => {
  const base: HttpProbeResult = { url: 'http://exch01:80/PowerShell/', latencyMs: 3, kind: 'answer', statusCode: 401, authenticate: [], location: null, server: null, code: null };
  it('names the schemes of WWW-Authenticate, parameters aside', () => {
    expect(authSchemes(['Negotiate, Kerberos'])).toEqual(['Negotiate', 'Kerberos']);
    expect(authSchemes(['Basic realm="exch01", charset="UTF-8"', 'Negotiate oYH1MIHyoAMKAQ=='])).toEqual(['Basic', 'Negotiate']);
  });
  it('401 passes only with the scheme the console uses', () => {
    expect(judgeHttp({ ...base, authenticate: ['Negotiate'] }, 'exch01', 'Kerberos').status).toBe('pass');
    expect(judgeHttp({ ...base, authenticate: ['Basic realm="x"'] }, 'exch01', 'Kerberos').status).toBe('warn');
    expect(judgeHttp({ ...base, authenticate: ['Basic realm="x"'] }, 'exch01', 'Basic').status).toBe('pass');
  });
  it('each other answer has its own meaning', () => {
    const hints = [200, 404, 503].map((statusCode) => judgeHttp({ ...base, statusCode }, 'exch01', 'Kerberos').hint);
    expect(hints[0]).toMatch(/not Exchange's PowerShell endpoint/);
    expect(hints[1]).toMatch(/New-PowerShellVirtualDirectory/);
    expect(hints[2]).toMatch(/MSExchangePowerShellAppPool/);
  });
});
