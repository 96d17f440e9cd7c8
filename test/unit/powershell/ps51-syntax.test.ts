/**
 * Everything the console sends to PowerShell must run on Windows PowerShell 5.1 too, but only
 * PowerShell 7 runs here: scan the shipped scripts (and the lines the host generates) for
 * 7-only syntax and cmdlet parameters. Comments and string literals are stripped first.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { initLine } from '../../../electron/services/powershell/launch';
import { buildCommandLine } from '../../../electron/services/powershell/protocol';
import { loadRuleParts, renderRuleScript } from '../../../electron/services/rules/scripts';
import { buildRuleConfig } from '../../../shared/rules/config';
import { defaultSettings } from '../../../shared/settings/schema';

const ROOT = join(__dirname, '..', '..', '..');
const PS_DIR = join(ROOT, 'electron', 'powershell');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ps1|psm1|psd1)$/i.test(n) ? [p] : [];
  });
}

/** Removes comments, here-strings and quoted strings (keeps line structure). */
export function stripPs(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    const two = src.slice(i, i + 2);
    if (two === '<#') {
      const end = src.indexOf('#>', i + 2);
      i = end < 0 ? n : end + 2;
      out += ' ';
      continue;
    }
    if (c === '#') {
      while (i < n && src[i] !== '\n') i++;
      continue;
    }
    if (two === "@'" || two === '@"') {
      const close = `\n${two[1]}@`;
      const end = src.indexOf(close, i + 2);
      i = end < 0 ? n : end + close.length;
      out += "''";
      continue;
    }
    if (c === "'" || c === '\u2018' || c === '\u2019' || c === '\u201A' || c === '\u201B') {
      i++;
      while (i < n) {
        if (/['\u2018-\u201B]/.test(src[i]!)) {
          if (/['\u2018-\u201B]/.test(src[i + 1] ?? '')) {
            i += 2;
            continue;
          }
          i++;
          break;
        }
        i++;
      }
      out += "''";
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && src[i] !== '"') i += src[i] === '`' ? 2 : 1;
      i++;
      out += "''";
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

const RULES: Array<[string, RegExp]> = [
  ['?? null-coalescing', /\?\?/],
  ['?. / ?[ null-conditional', /\?\.|\}\?\[|\w\?\[/],
  ['&& pipeline chain', /&&/],
  ['|| pipeline chain', /\|\|/],
  ['ternary ? :', /\s\?\s[^:\n]*\s:\s/],
  ['-AsHashtable', /-AsHashtable\b/i],
  ['ForEach-Object -Parallel', /-Parallel\b/i],
  ['-ThrottleLimit on ForEach-Object', /ForEach-Object[^\n]*-ThrottleLimit/i],
  ['-AsByteStream', /-AsByteStream\b/i],
  ['Get-Date -AsUTC', /-AsUTC\b/i],
  ['ConvertTo-Json -EnumsAsStrings / -AsArray', /-EnumsAsStrings\b|ConvertTo-Json[^\n]*-AsArray\b/i],
  ['ConvertFrom-Json -Depth / -NoEnumerate / -DateKind', /ConvertFrom-Json[^\n]*-(Depth|NoEnumerate|DateKind)\b/i],
  ['$IsWindows/$IsLinux/$IsMacOS/$IsCoreCLR', /\$Is(Windows|Linux|MacOS|CoreCLR)\b/i],
  ['7-only cmdlets', /\b(Join-String|Test-Json|Get-Error|ConvertFrom-Markdown|Get-Uptime|Remove-Alias|Remove-Service)\b/i],
  ['-SkipCertificateCheck / -StatusCodeVariable', /-(SkipCertificateCheck|StatusCodeVariable|SslProtocol)\b/i],
  ['clean block', /^\s*clean\s*\{/im],
];

export function violations(src: string): string[] {
  const code = stripPs(src);
  const found: string[] = [];
  code.split('\n').forEach((line, i) => {
    for (const [name, re] of RULES) if (re.test(line)) found.push(`line ${i + 1}: ${name}: ${line.trim().slice(0, 120)}`);
  });
  return found;
}

describe('the scanner itself', () => {
  test.each([
    ['$a ?? $b'],
    ['$a?.Name'],
    ['$x = $c ? 1 : 2'],
    ['Get-Item x && Get-Item y'],
    ['Get-Item x || Get-Item y'],
    ['$j | ConvertFrom-Json -AsHashtable'],
    ['1..3 | ForEach-Object -Parallel { $_ }'],
    ['Get-Content f -AsByteStream'],
    ['if ($IsWindows) { }'],
    ['$s | Join-String -Separator ","'],
    ['ConvertFrom-Json -InputObject $t -DateKind String'],
  ])('flags %s', (sample) => {
    expect(violations(sample).length).toBeGreaterThan(0);
  });

  test.each([
    ["'a ?? b && c || d'"],
    ['"$x ?? y"'],
    ['# $a ?? $b'],
    ["<# ?. #> Get-Item 'x'"],
    ["$p = @{ DateKind = 'String' }"],
    ['if ($a -and $b) { $c = @($d)[0] }'],
    ["Write-Output 'It''s ?? fine'"],
  ])('accepts %s', (sample) => {
    expect(violations(sample)).toEqual([]);
  });
});

describe('shipped PowerShell runs on Windows PowerShell 5.1', () => {
  const all = files(PS_DIR);
  test('there are scripts to scan', () => {
    expect(all.map((f) => relative(PS_DIR, f)).sort()).toEqual(
      expect.arrayContaining([
        'HmcHost/HmcHost.psm1',
        'SandboxExchange/SandboxExchange.psm1',
        'SandboxExchange/SandboxExchange.psd1',
        'Rules/HmcRule.Core.ps1',
        'Rules/HmcRule.Decision.ps1',
        'Rules/HmcRule.Exchange.ps1',
        'Rules/HmcRule.Main.ps1',
        'Replay/Start-HmcReplay.ps1',
        'Replay/HmcReplay.Exchange.ps1',
        'Replay/HmcReplay.Network.ps1',
      ]),
    );
  });
  test('every part of a module is a file here and is loaded by its .psm1 (so everything shipped is scanned)', () => {
    // Module folders are those with a .psm1; the rule templates (Rules/) and the replay harness (Replay/) are scripts.
    const modules = new Set(all.filter((f) => f.endsWith('.psm1')).map((f) => relative(PS_DIR, f).split(sep)[0]));
    const parts = all
      .filter((f) => f.endsWith('.ps1') && modules.has(relative(PS_DIR, f).split(sep)[0]))
      .map((f) => relative(PS_DIR, f).split(sep).join('/'));
    expect(parts.length).toBeGreaterThanOrEqual(10);
    const loaded: string[] = [];
    for (const psm1 of all.filter((f) => f.endsWith('.psm1'))) {
      const list = /\$script:Parts = @\(([^)]*)\)/.exec(readFileSync(psm1, 'utf8'));
      const dir = relative(PS_DIR, dirname(psm1)).split(sep).join('/');
      for (const m of (list?.[1] ?? '').matchAll(/'([^']+)'/g)) loaded.push(`${dir}/${m[1]!.replace('\\', '/')}.ps1`);
    }
    expect(loaded.sort()).toEqual(parts.sort());
  });
  test.each(all.map((f) => [relative(PS_DIR, f), f]))('%s has at most 400 lines', (_name, file) => {
    expect(readFileSync(file, 'utf8').split('\n').length).toBeLessThanOrEqual(400);
  });
  test.each(all.map((f) => [relative(PS_DIR, f), f]))('%s has no 7-only syntax', (_name, file) => {
    expect(violations(readFileSync(file, 'utf8'))).toEqual([]);
  });
  test.each(all.map((f) => [relative(PS_DIR, f), f]))('%s is ASCII (5.1 reads BOM-less scripts as ANSI)', (_name, file) => {
    expect([...readFileSync(file, 'utf8')].filter((c) => c.charCodeAt(0) > 0x7e && c !== '\n')).toEqual([]);
  });
  test.each(['after-create', 'after-modify'] as const)('the generated %s rule script too (what IQService runs with powershell.exe)', async (kind) => {
    const s = defaultSettings();
    s.exchange.hosts = ["exch01.corp.example.org", "O'Brien ?? && || $(x)"];
    s.rules.afterCreateName = 'name with ?? && || ‘quotes’';
    const script = renderRuleScript(await loadRuleParts(PS_DIR), buildRuleConfig(kind, s).config);
    expect(violations(script)).toEqual([]);
    expect([...script].filter((c) => c.charCodeAt(0) > 0x7e && c !== '\n')).toEqual([]);
  });
  test('the generated init and call lines too', () => {
    expect(violations(initLine("C:\\Program Files\\O'Brien ‘x’\\HmcHost.psm1"))).toEqual([]);
    expect(violations(buildCommandLine({ command: 'Get-User', params: { Identity: "a ?? b && c" } }))).toEqual([]);
  });
});
