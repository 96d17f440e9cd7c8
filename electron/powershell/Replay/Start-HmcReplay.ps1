# Replay harness entry: runs one native rule the way IQService would, on this machine.
#   pwsh -NoProfile -NonInteractive -File Start-HmcReplay.ps1 -ConfigPath <replay.json>
# with $env:Request / $env:Result / $env:Application set by the console. It prepares the session
# (sandbox Exchange behind New-PSSession/Import-PSSession, the sailpoint.Utils stand-in, C: mapped to
# the replay folder, SMTP and host checks kept on 127.0.0.1), then calls the rule script with the
# result file path as its only argument, and exits with the rule's exit code. Everything it sees is
# written to the events file as JSON lines (the console builds the report from it, even when the
# process is killed at the rule's timeout).
# Not a security sandbox: the script runs with the rights of whoever started the replay.
# Windows PowerShell 5.1 syntax (a test scans it); verified with PowerShell 7 only.
param([Parameter(Mandatory = $true)][string]$ConfigPath)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$global:HmcReplay = @{
    Utf8 = New-Object System.Text.UTF8Encoding($false)
    Sessions = @{}
    NextSession = 1
    Faults = @{}
}
$global:HmcReplay.Config = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($ConfigPath, $global:HmcReplay.Utf8))
$global:HmcReplay.EventsPath = [string]$global:HmcReplay.Config.events
$global:HmcReplay.Smtp = $global:HmcReplay.Config.smtp
$global:HmcReplay.StandInPath = [string]$global:HmcReplay.Config.standIn.mapped
$started = [DateTime]::UtcNow
# PowerShell ends with the console that started the replay (HmcHost's watchdog): a killed console leaves no rule running.
. ([string]$global:HmcReplay.Config.watchdog.script)
Start-HmcWatchdog -ParentId ([int]$global:HmcReplay.Config.watchdog.parentPid)

function global:Write-HmcReplayEvent([string]$Kind, [hashtable]$Data) {
    $Data['kind'] = $Kind
    $Data['at'] = [long](([DateTime]::UtcNow - [DateTime]'1970-01-01').TotalMilliseconds)
    $json = ConvertTo-Json -InputObject $Data -Compress -Depth 6
    [System.IO.File]::AppendAllText($global:HmcReplay.EventsPath, $json + "`n", $global:HmcReplay.Utf8)
}

foreach ($p in $global:HmcReplay.Config.faults.PSObject.Properties) {
    $global:HmcReplay.Faults[$p.Name.ToLowerInvariant()] = [string]$p.Value
}

# ---- the sailpoint.Utils stand-in: compiled once per source and PowerShell edition, then copied beside the rule
$standIn = $global:HmcReplay.Config.standIn
if (-not [System.IO.File]::Exists([string]$standIn.cache)) {
    $dir = [System.IO.Path]::GetDirectoryName([string]$standIn.cache)
    if (-not [System.IO.Directory]::Exists($dir)) { [void][System.IO.Directory]::CreateDirectory($dir) }
    $tmp = [System.IO.Path]::Combine($dir, ('.{0}.dll' -f [guid]::NewGuid().ToString('N')))
    Microsoft.PowerShell.Utility\Add-Type -TypeDefinition ([System.IO.File]::ReadAllText([string]$standIn.source, $global:HmcReplay.Utf8)) -OutputAssembly $tmp -OutputType Library
    try { [System.IO.File]::Move($tmp, [string]$standIn.cache) } catch { [System.IO.File]::Delete($tmp) }
}
[System.IO.File]::Copy([string]$standIn.cache, [string]$standIn.copy, $true)

# ---- the sandbox Exchange: imported privately (the rule sees its cmdlets only through a session), and
# only when something needs it (a session, --seed): a rule that never reaches Exchange does not pay for it.
$global:HmcReplay.Sandbox = $null
function global:Get-HmcReplaySandbox {
    if ($null -ne $global:HmcReplay.Sandbox) { return $global:HmcReplay.Sandbox }
    $commands = @{}
    $m = Import-Module -Name ([string]$global:HmcReplay.Config.sandbox.module) -PassThru -Scope Local -DisableNameChecking -Force
    foreach ($name in $m.ExportedCommands.Keys) { $commands[$name] = $m.ExportedCommands[$name] }
    $saved = $env:HMC_SANDBOX_TRANSPORT_FAILURES
    $env:HMC_SANDBOX_TRANSPORT_FAILURES = $null
    & $commands['Set-SandboxConfiguration'] -DirectoryPath ([string]$global:HmcReplay.Config.sandbox.directory) -SyncDelaySeconds ([int]$global:HmcReplay.Config.sandbox.syncDelaySeconds)
    & $commands['Set-ADServerSettings'] -ViewEntireForest $true
    $env:HMC_SANDBOX_TRANSPORT_FAILURES = $saved
    $global:HmcReplay.Sandbox = $commands
    return $commands
}

. (Join-Path $PSScriptRoot 'HmcReplay.Network.ps1')
. (Join-Path $PSScriptRoot 'HmcReplay.Exchange.ps1')

# On Windows the sandbox (and its types cache) live on the real C:, which is remapped below: import it now.
if ($env:OS -eq 'Windows_NT') { $null = Get-HmcReplaySandbox }

# ---- --seed: the request's user, when the sandbox does not know it
$seed = $global:HmcReplay.Config.seed
if ($null -ne $seed) { try {
    $known = $null
    foreach ($id in @($seed.distinguishedName, $seed.samAccountName)) {
        if (-not $known -and $id) { $known = Get-HmcReplayState ([string]$id) }
    }
    if ($null -eq $known) {
        $a = @{ SamAccountName = [string]$seed.samAccountName; Name = [string]$seed.name; RecipientTypeDetails = [string]$seed.type }
        if ($seed.distinguishedName) { $a['DistinguishedName'] = [string]$seed.distinguishedName }
        if ($seed.userPrincipalName) { $a['UserPrincipalName'] = [string]$seed.userPrincipalName }
        $sbx = Get-HmcReplaySandbox
        $u = & $sbx['Add-SandboxUser'] @a
        if ($seed.hidden) { & $sbx['Set-RemoteMailbox'] -Identity ([string]$u.Guid) -HiddenFromAddressListsEnabled $true }
        Write-HmcReplayEvent 'seeded' @{ added = $true; state = (Get-HmcReplayState ([string]$u.Guid)) }
    } else {
        Write-HmcReplayEvent 'seeded' @{ added = $false; state = $known }
    }
} catch {
    # The script never runs against a sandbox that could not be prepared; the console reports why.
    Write-HmcReplayEvent 'harness-error' @{ message = ('The request''s user could not be added to the sandbox (--seed): ' + $_.Exception.Message) }
    exit 3
} }

# ---- C: is the replay folder (PowerShell's provider cmdlets: Add-Content, Out-File, New-Item, Test-Path, ...)
if (Get-PSDrive -Name C -ErrorAction SilentlyContinue) { Remove-PSDrive -Name C -Force }
$null = New-PSDrive -Name C -PSProvider FileSystem -Root ([string]$global:HmcReplay.Config.driveRoot) -Scope Global
foreach ($folder in @($global:HmcReplay.Config.folders)) {
    if ($folder -and -not (Test-Path -LiteralPath ([string]$folder))) { New-Item -ItemType Directory -Path ([string]$folder) -Force | Out-Null }
}
$credential = $global:HmcReplay.Config.credential
if ($null -ne $credential) {
    $folder = Split-Path -Path ([string]$credential.path) -Parent
    if (-not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -Force | Out-Null }
    $secure = ConvertTo-SecureString ([guid]::NewGuid().ToString()) -AsPlainText -Force
    New-Object System.Management.Automation.PSCredential([string]$credential.user, $secure) | Export-Clixml -LiteralPath ([string]$credential.path)
}
Set-Location -LiteralPath ([string]$global:HmcReplay.Config.iqserviceDir)
if ($env:TEMP) { $env:TMP = $env:TEMP }

# The sandbox's own transport fault, counted from now (its counter file is the sandbox's documented state).
if ([int]$global:HmcReplay.Config.transportFailures -gt 0) {
    $counter = [string]$global:HmcReplay.Config.sandbox.directory + '.faults.json'
    if ([System.IO.File]::Exists($counter)) { [System.IO.File]::Delete($counter) }
    $env:HMC_SANDBOX_TRANSPORT_FAILURES = [string]$global:HmcReplay.Config.transportFailures
}
Write-HmcReplayEvent 'rule-start' @{ setupMs = [int]([DateTime]::UtcNow - $started).TotalMilliseconds }
$ErrorActionPreference = 'Continue'
$global:LASTEXITCODE = 0
# No try/catch around the call: an enclosing try would turn the script's statement-terminating errors
# into a jump out of the script, which powershell.exe -File does not do. An error the script throws
# and never catches ends this process with exit code 1, as it ends IQService's (the console reads it
# from the error output when there is no rule-end event).
& ([string]$global:HmcReplay.Config.script) ([string]$global:HmcReplay.Config.resultPath)
$code = $global:LASTEXITCODE
if ($null -eq $code) { $code = 0 }
Write-HmcReplayEvent 'rule-end' @{ exitCode = $code }
exit $code
