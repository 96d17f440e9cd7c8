# Part of HmcHost (dot-sourced by HmcHost.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Composite reads: a recipient's whole state in one call, and search by ANR or address.

function Get-HmcRecipientState {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Identity, [string]$DomainController)
    $p = @{ Identity = $Identity; ErrorAction = 'Stop' }
    if ($DomainController) { $p['DomainController'] = $DomainController }
    $user = Get-User @p
    if ($null -eq $user) { return }
    $user = @($user)[0]
    $type = [string]$user.RecipientTypeDetails
    $recipient = $null
    if ($type -ne 'User' -and $type -ne 'DisabledUser' -and $type -ne 'LinkedUser') {
        $q = @{ Identity = ([string]$user.Guid); ErrorAction = 'Stop' }
        if ($DomainController) { $q['DomainController'] = $DomainController }
        if ($type -like 'Remote*Mailbox') {
            $recipient = @(Get-RemoteMailbox @q)[0]
        } else {
            $recipient = @(Get-Recipient @q)[0]
        }
    }
    [pscustomobject]@{ User = $user; Recipient = $recipient }
}

function Find-HmcRecipient {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Text, [ValidateSet('anr', 'address')][string]$By = 'anr', [int]$ResultSize = 50)
    $found = New-Object System.Collections.Generic.List[object]
    $guids = @{}
    if ($By -eq 'address') {
        # OPATH is a second quoting layer: single quotes inside the value are doubled.
        $filter = "EmailAddresses -eq '" + ('smtp:' + $Text).Replace("'", "''") + "'"
        foreach ($r in @(Get-Recipient -Filter $filter -ResultSize $ResultSize -ErrorAction Stop)) { if ($null -ne $r) { $found.Add($r) } }
    } else {
        foreach ($r in @(Get-Recipient -Anr $Text -ResultSize $ResultSize -ErrorAction Stop)) {
            if ($null -eq $r) { continue }
            $guids[[string]$r.Guid] = $true
            $found.Add($r)
        }
        foreach ($u in @(Get-User -Anr $Text -ResultSize $ResultSize -ErrorAction Stop)) {
            if ($null -eq $u -or $guids.ContainsKey([string]$u.Guid)) { continue }
            if ($found.Count -ge $ResultSize) { break }
            $found.Add($u)
        }
    }
    foreach ($f in $found) { $f }
}
