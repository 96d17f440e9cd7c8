/**
 * What reading a rule script shows before it runs: calls the replay harness cannot map (.NET file and
 * network calls, jobs and child processes) and Invoke-Expression over request text.
 */
import type { ReplayFinding } from '../../../shared/rules/schemas';
import { ruleFindings } from '../../../shared/plans/explain';

interface Pattern {
  code: string;
  severity: ReplayFinding['severity'];
  re: RegExp;
  message: (line: number, text: string) => string;
}

const PATTERNS: Pattern[] = [
  {
    code: 'UNMAPPED_FILE_IO',
    severity: 'warning',
    re: /\[(?:System\.)?IO\.(?:File|Directory|StreamWriter|StreamReader|FileStream|FileInfo|DirectoryInfo)\]::|New-Object\s+(?:-TypeName\s+)?(?:System\.)?IO\.(?:StreamWriter|FileStream|FileInfo)\b/i,
    message: (n, t) =>
      `Line ${n} (${t}) writes or reads files through .NET, which the replay cannot map: C:\\ is the replay folder only for PowerShell's provider cmdlets (Add-Content, Out-File, Set-Content, New-Item, Test-Path). On Windows such a call touches the real path even in a replay; use Add-Content -LiteralPath instead.`,
  },
  {
    code: 'UNMAPPED_NETWORK',
    severity: 'warning',
    re: /\[(?:System\.)?Net\.(?:Sockets\.(?:TcpClient|Socket)|Mail\.SmtpClient|WebClient|HttpWebRequest|WebRequest|Dns|Http\.HttpClient)\]::|\bInvoke-(?:WebRequest|RestMethod)\b|New-Object\s+(?:-TypeName\s+)?(?:System\.)?Net\.(?:WebClient|Http\.HttpClient)\b/i,
    message: (n, t) =>
      `Line ${n} (${t}) reaches the network in a way the replay cannot keep on this machine (it maps Exchange sessions, New-Object TcpClient/SmtpClient and Send-MailMessage only); the call may leave 127.0.0.1 during the replay.`,
  },
  {
    code: 'OUTSIDE_SESSION',
    severity: 'warning',
    re: /\b(?:Start-Job|Start-ThreadJob|Start-Process|Invoke-Command\s+-ComputerName|powershell(?:\.exe)?\s+-)/i,
    message: (n, t) =>
      `Line ${n} (${t}) runs code outside the replayed session: its Exchange calls, C:\\ paths and mail are not mapped, so the replay does not show what it does.`,
  },
];

function codeLines(text: string): Array<{ n: number; line: string }> {
  const out: Array<{ n: number; line: string }> = [];
  let inBlock = false;
  text.split(/\r?\n/).forEach((raw, i) => {
    let line = raw;
    if (inBlock) {
      const end = line.indexOf('#>');
      if (end < 0) return;
      line = line.slice(end + 2);
      inBlock = false;
    }
    const open = line.indexOf('<#');
    if (open >= 0) {
      inBlock = line.indexOf('#>', open) < 0;
      line = line.slice(0, open);
    }
    const hash = line.search(/(^|\s)#/);
    if (hash >= 0) line = line.slice(0, hash);
    if (line.trim()) out.push({ n: i + 1, line: line.trim() });
  });
  return out;
}

export function scanScript(text: string): ReplayFinding[] {
  const findings: ReplayFinding[] = [];
  for (const p of PATTERNS) {
    const hits = codeLines(text).filter((l) => p.re.test(l.line));
    for (const h of hits.slice(0, 5)) findings.push({ severity: p.severity, code: p.code, message: p.message(h.n, h.line.slice(0, 120)) });
  }
  // The plan inspector's rule check for Invoke-Expression over request text (SailPoint's own template bug).
  const rule = ruleFindings({
    name: null,
    type: null,
    language: null,
    objectOrientedScript: true,
    extension: '.ps1',
    program: 'powershell.exe',
    timeout: 300,
    disabled: false,
    attributes: {},
    source: text,
  });
  for (const f of rule) if (f.code === 'RULE_INVOKE_EXPRESSION') findings.push({ severity: f.severity, code: 'INVOKE_EXPRESSION', message: f.message });
  return findings;
}
