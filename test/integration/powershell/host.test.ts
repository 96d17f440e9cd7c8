/**
 * The PowerShell host itself on real pwsh: node-powershell's traps are closed (NODE_POWERSHELL,
 * debug logging, history), errors come back as envelopes (never via stderr), and the shipped
 * scripts parse without 7-only tokens according to PowerShell's own tokenizer.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import createDebug from 'debug';
import { PsHost } from '../../../electron/services/powershell/host';
import { resolveScriptsDir } from '../../../electron/services/powershell/launch';
import { resolvePaths } from '../../../electron/core/paths';
import { locatePowerShell } from '../../../electron/services/powershell/locate';

let host: PsHost;
let pwsh: string;
const scriptsDir = resolveScriptsDir(resolvePaths().appRoot);

beforeAll(async () => {
  const info = await locatePowerShell({ explicitPath: null, toolsDir: resolvePaths().toolsDir });
  if (!info.found) throw new Error(info.reason);
  pwsh = info.path;
});
afterAll(async () => {
  await host?.dispose();
});

describe('node-powershell traps', () => {
  test('NODE_POWERSHELL and DEBUG=* are ignored; history is emptied after every call', async () => {
    const saved = process.env.NODE_POWERSHELL;
    process.env.NODE_POWERSHELL = '/bin/false';
    createDebug.enable('*');
    const log = vi.spyOn(console, 'log');
    const err = vi.spyOn(process.stderr, 'write');
    try {
      host = new PsHost({ executable: pwsh, scriptsDir, timeoutMs: 60_000, env: { ...process.env, NODE_POWERSHELL: '/bin/false' } });
      const env = await host.call({ command: 'Test-HmcSession', params: {} });
      expect(env.ok).toBe(true);
      expect((env.value?.[0] as { PSEdition: string }).PSEdition).toBe('Core');
      const secret = 'S3cret-Password-for-history-check';
      const bad = await host.call({ command: 'Connect-HmcRemote', params: { Hosts: ['h.example'], Authentication: 'Basic', UseHttps: false, UserName: 'u', Password: secret } });
      expect(bad.ok).toBe(false);
      const shell = (host as unknown as { live: { shell: { history: unknown[] } } }).live.shell;
      expect(shell.history).toEqual([]);
      const printed = [...log.mock.calls, ...err.mock.calls].map((c) => String(c[0])).join('\n');
      expect(printed).not.toContain('Invoke-HmcCall');
      expect(printed).not.toContain(Buffer.from(secret).toString('base64'));
    } finally {
      log.mockRestore();
      err.mockRestore();
      createDebug.disable();
      if (saved === undefined) delete process.env.NODE_POWERSHELL;
      else process.env.NODE_POWERSHELL = saved;
    }
  });

  test('a command that writes errors returns one envelope with type, FQID and category; warnings are kept', async () => {
    const env = await host.call({ command: 'Connect-HmcRemote', params: { Hosts: ['h.example'], Authentication: 'Basic', UseHttps: false } });
    expect(env.ok).toBe(false);
    expect(env.errors[0]).toMatchObject({ type: 'System.ArgumentException', category: 'InvalidArgument' });
    expect(env.errors[0]!.fqid).toMatch(/^HmcBasicOverHttp/);
    const notAllowed = await host.call({ command: 'Remove-Item', params: { Path: '/tmp/x' } });
    expect(notAllowed.ok).toBe(false);
    expect(notAllowed.errors[0]!.message).toMatch(/not one the console may run/);
  });

  test('consecutive calls reuse the same process', async () => {
    const starts = host.starts;
    await expect(host.call({ command: 'Test-HmcSession', params: {} }, { timeoutMs: 30_000 })).resolves.toMatchObject({ ok: true });
    expect(host.starts).toBe(starts);
  });
});

describe('Windows PowerShell 5.1 compatibility, by PowerShell\'s own tokenizer', () => {
  test('no 7-only tokens (?? ?. ?[ && || ternary ??=) and no parse errors in shipped scripts', () => {
    const script = [
      "$bad = @('QuestionQuestion','QuestionDot','QuestionLBracket','AndAnd','OrOr','QuestionMark','QuestionQuestionEquals')",
      '$out = @()',
      `foreach ($f in Get-ChildItem -Recurse -Path '${scriptsDir.replace(/'/g, "''")}' -Include *.ps1,*.psm1,*.psd1) {`,
      '  $tokens = $null; $errors = $null',
      '  [void][System.Management.Automation.Language.Parser]::ParseFile($f.FullName, [ref]$tokens, [ref]$errors)',
      '  foreach ($e in $errors) { $out += "$($f.Name): parse error $($e.Message)" }',
      '  foreach ($t in $tokens) { if ($bad -contains [string]$t.Kind) { $out += "$($f.Name):$($t.Extent.StartLineNumber) $($t.Kind)" } }',
      '}',
      "'FILES=' + (Get-ChildItem -Recurse -Path '" + scriptsDir.replace(/'/g, "''") + "' -Include *.psm1).Count",
      '$out',
    ].join('\n');
    const out = execFileSync(pwsh, ['-NoProfile', '-NonInteractive', '-Command', script], { encoding: 'utf8', env: { ...process.env, TERM: 'dumb' } });
    const lines = out.trim().split(/\r?\n/);
    expect(lines[0]).toBe('FILES=2');
    expect(lines.slice(1)).toEqual([]);
  });
});

test('the scripts folder resolves from the source tree', () => {
  expect(scriptsDir.endsWith(join('electron', 'powershell')) || scriptsDir.endsWith(join('out', 'powershell'))).toBe(true);
});
