# SandboxExchange: a simulated on-premises Exchange for the Hybrid Mailbox Console.
#
# Implements the hybrid recipient cmdlets (Get-User, Get-Recipient, Get-RemoteMailbox,
# Enable-RemoteMailbox, Set-RemoteMailbox, Disable-RemoteMailbox, Set-ADServerSettings) with the
# real parameter names and parameter sets, the real error messages and exception type names
# (defined in Private/Types.ps1 in Exchange's own namespaces), over a JSON directory file.
#
# This file holds the module's state and loads its parts: Private/*.ps1 (helpers) and Public/*.ps1
# (the exported functions, listed below and in SandboxExchange.psd1). A new part is added to the
# lists here. Every part must run on Windows PowerShell 5.1 and PowerShell 7: no 7-only syntax
# (a unit test scans every file), ASCII only (5.1 reads BOM-less scripts in the ANSI code page).
#
# Environment (read on every call):
#   HMC_SANDBOX_DIRECTORY          the directory JSON file (Set-SandboxConfiguration overrides it)
#   HMC_SANDBOX_SYNC_DELAY_SECONDS seconds a new remote mailbox stays "sync pending" (default 30)
#   HMC_SANDBOX_DELAY_MS           sleep this long at the start of every cmdlet (slow Exchange)
#   HMC_SANDBOX_DELAY_CMDLETS      optional comma list: only these cmdlets are slow
#   HMC_SANDBOX_TRANSPORT_FAILURES N: the next N cmdlet calls fail with a WinRM transport error
#                                  (counted in <directory>.faults.json, so a restarted process does not start again)
#   HMC_SANDBOX_TRANSPORT_CMDLETS  optional comma list: only these cmdlets fail (and count)
#   HMC_SANDBOX_DIE_IN             comma list of cmdlets during which the PowerShell process exits (exit code 137)
#   HMC_SANDBOX_DIE_AFTER_WRITE    1: die after the change was written (outcome applied), else before it
#   HMC_SANDBOX_SILENT_NOOP        comma list of cmdlets that report success but change nothing
#   HMC_SANDBOX_LOCK_TIMEOUT_MS    how long a change waits for the directory lock (default 20000; Private/Lock.ps1)

Set-StrictMode -Off

$script:ModuleRoot = $PSScriptRoot
$script:ZeroGuid = '00000000-0000-0000-0000-000000000000'
$script:Config = @{ DirectoryPath = $null; SyncDelaySeconds = $null }
$script:CurrentCmdlet = $null
$script:Lock = @{ Stream = $null; Depth = 0 }
$script:Cache = @{ Path = $null; Stamp = $null; Data = $null; Index = $null; IndexData = $null }
$script:ServerSettings = [ordered]@{ ViewEntireForest = $false; RecipientViewRoot = $null; PreferredServer = $null; PreferredGlobalCatalog = $null }
$script:Utf8 = New-Object System.Text.UTF8Encoding($false)
$script:JsonDateKind = (Get-Command ConvertFrom-Json).Parameters.ContainsKey('DateKind')

$script:Parts = @(
    'Private\Types', 'Private\Faults', 'Private\Lock', 'Private\Errors', 'Private\Directory', 'Private\Users', 'Private\Lookups',
    'Public\Configuration', 'Public\ServerSettings', 'Public\Recipients', 'Public\RemoteMailbox', 'Public\Administration'
)
foreach ($part in $script:Parts) {
    $folder, $name = $part.Split('\')
    . (Join-Path (Join-Path $PSScriptRoot $folder) ($name + '.ps1'))
}

Import-SandboxTypes

Export-ModuleMember -Function @(
    'Get-User', 'Get-Recipient', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox',
    'Disable-RemoteMailbox', 'Set-ADServerSettings', 'Get-ADServerSettings',
    'Set-SandboxConfiguration', 'Get-SandboxConfiguration', 'Reset-SandboxDirectory', 'Add-SandboxUser'
)
