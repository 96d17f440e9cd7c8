# HmcHost: the PowerShell side of the Hybrid Mailbox Console's wire protocol.
#
# The console sends ONE line per call:   Invoke-HmcCall -Request '<base64>'
# where <base64> is UTF-8 JSON: { "command": "Verb-Noun", "params": <wire value>, "select": [names] }.
# In a wire value every string is itself { "s": "<base64 of UTF-8>" } (so ConvertFrom-Json can never
# turn a date-like string into a DateTime), objects are { "o": { name: wire value } }, arrays are
# arrays, numbers/booleans/null are themselves. The parameters are decoded here and splatted into
# the command: no value is ever part of PowerShell source.
#
# Every call answers with one line on stdout:   HMC1:<base64 of UTF-8 JSON envelope>
# envelope = { v, ok, value, errors: [{ type, message, fqid, category, reason, remoteType, errorCode, target }], warnings: [] }
# Nothing is written to stderr on purpose; success is judged from the envelope only.
#
# This file holds the module's state and loads its parts (Private/*.ps1 helpers, Public/*.ps1 the exported
# functions). Every part must run on Windows PowerShell 5.1 and PowerShell 7: no 7-only syntax (a unit test
# scans every file), ASCII only.

Set-StrictMode -Off

$script:Utf8 = New-Object System.Text.UTF8Encoding($false)
$script:Session = $null
$script:ImportedModule = $null
$script:Mode = $null
$script:Watchdog = $null
$script:AllowedCommands = @(
    'Get-User', 'Get-Recipient', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Disable-RemoteMailbox',
    'Set-ADServerSettings', 'Get-ADServerSettings', 'Get-HmcRecipientState', 'Find-HmcRecipient', 'Connect-HmcSandbox',
    'Connect-HmcRemote', 'Connect-HmcSnapin', 'Disconnect-HmcExchange', 'Test-HmcSession', 'Reset-SandboxDirectory',
    'Add-SandboxUser', 'Get-SandboxConfiguration'
)

$script:ExchangeCommands = @('Get-User', 'Get-Recipient', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Disable-RemoteMailbox', 'Set-ADServerSettings')

$script:Parts = @('Private\Wire', 'Private\Watchdog', 'Public\Call', 'Public\Recipients', 'Public\Sessions')
foreach ($part in $script:Parts) {
    $folder, $name = $part.Split('\')
    . (Join-Path (Join-Path $PSScriptRoot $folder) ($name + '.ps1'))
}

Export-ModuleMember -Function @(
    'Invoke-HmcCall', 'Get-HmcRecipientState', 'Find-HmcRecipient', 'Connect-HmcSandbox', 'Connect-HmcRemote',
    'Connect-HmcSnapin', 'Disconnect-HmcExchange', 'Test-HmcSession', 'Add-HmcAllowedCommand', 'Register-HmcRemoteSession',
    'Start-HmcWatchdog'
)
