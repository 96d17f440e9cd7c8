# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Get-User, Get-Recipient, Get-RemoteMailbox: reads with the real parameter sets.

function Get-User {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string]$Anr,
        [string]$DomainController,
        [string]$Filter,
        [string]$OrganizationalUnit,
        [string[]]$RecipientTypeDetails,
        [switch]$IgnoreDefaultScope,
        [switch]$ReadFromDomainController,
        [object]$ResultSize = 1000
    )
    Invoke-SandboxFault 'Get-User' $PSCmdlet
    $data = Get-SandboxData
    if ($PSBoundParameters.ContainsKey('Identity') -and $Identity) {
        $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'GetUser' $RecipientTypeDetails
        return (ConvertTo-SandboxUserOutput $u)
    }
    $limit = Get-SandboxLimit $ResultSize
    $n = 0
    foreach ($u in $data.users) {
        if (-not (Test-SandboxInScope $u)) { continue }
        if ($Anr -and -not (Test-SandboxAnr $u $Anr)) { continue }
        if ($RecipientTypeDetails -and -not ($RecipientTypeDetails -contains $u.RecipientTypeDetails)) { continue }
        if ($n -ge $limit) {
            Write-Warning ('By default, only the first {0} items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify "-ResultSize Unlimited".' -f $limit)
            break
        }
        Update-SandboxSync $u
        ConvertTo-SandboxUserOutput $u
        $n = $n + 1
    }
}

function Get-Recipient {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string]$Anr,
        [Parameter(ParameterSetName = 'Identity')][string]$Filter,
        [string]$DomainController,
        [string[]]$RecipientTypeDetails,
        [string[]]$RecipientType,
        [switch]$IgnoreDefaultScope,
        [object]$ResultSize = 1000
    )
    Invoke-SandboxFault 'Get-Recipient' $PSCmdlet
    $data = Get-SandboxData
    $types = $RecipientTypeDetails
    if (-not $types) { $types = @('UserMailbox', 'MailUser', 'RemoteUserMailbox', 'RemoteRoomMailbox', 'RemoteEquipmentMailbox', 'RemoteSharedMailbox') }
    if ($PSBoundParameters.ContainsKey('Identity') -and $Identity) {
        $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'GetRecipient' $types
        return (ConvertTo-SandboxRecipientOutput $u)
    }
    $address = $null
    if ($Filter) {
        # The one OPATH form the console uses: EmailAddresses -eq 'smtp:value' (quotes doubled inside the value).
        $m = [regex]::Match($Filter, "^\s*EmailAddresses\s+-eq\s+'((?:[^']|'')*)'\s*$")
        if (-not $m.Success) {
            Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Data.DataValidationException' ('The sandbox understands only filters of the form EmailAddresses -eq ''smtp:address'', not "{0}".' -f $Filter) 'InvalidArgument' 'GetRecipient' $Filter
        }
        $address = $m.Groups[1].Value.Replace("''", "'")
        if ($address.IndexOf(':') -ge 0) { $address = $address.Substring($address.IndexOf(':') + 1) }
    }
    $limit = Get-SandboxLimit $ResultSize
    $n = 0
    foreach ($u in $data.users) {
        if (-not (Test-SandboxInScope $u)) { continue }
        if (-not ($types -contains $u.RecipientTypeDetails)) { continue }
        if ($Anr -and -not (Test-SandboxAnr $u $Anr)) { continue }
        if ($null -ne $address) {
            $hit = $false
            foreach ($e in @($u.EmailAddresses)) { if ($e -and $e.Substring($e.IndexOf(':') + 1) -ieq $address) { $hit = $true } }
            if (-not $hit) { continue }
        }
        if ($n -ge $limit) { break }
        Update-SandboxSync $u
        ConvertTo-SandboxRecipientOutput $u
        $n = $n + 1
    }
}

function Get-RemoteMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string]$Anr,
        [Parameter(ParameterSetName = 'Identity')][string]$Filter,
        [switch]$Archive,
        [string]$DomainController,
        [string]$OnPremisesOrganizationalUnit,
        [switch]$ReadFromDomainController,
        [switch]$IgnoreDefaultScope,
        [object]$ResultSize = 1000,
        [System.Management.Automation.PSCredential]$Credential
    )
    Invoke-SandboxFault 'Get-RemoteMailbox' $PSCmdlet
    $data = Get-SandboxData
    $types = @('RemoteUserMailbox', 'RemoteRoomMailbox', 'RemoteEquipmentMailbox', 'RemoteSharedMailbox')
    if ($PSBoundParameters.ContainsKey('Identity') -and $Identity) {
        $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'GetRemoteMailbox' $types
        if ($Archive -and -not $u.ArchiveGuid) { Throw-NotFound $PSCmdlet $Identity 'GetRemoteMailbox' }
        return (ConvertTo-SandboxRecipientOutput $u)
    }
    $limit = Get-SandboxLimit $ResultSize
    $n = 0
    foreach ($u in $data.users) {
        if (-not (Test-SandboxInScope $u)) { continue }
        if (-not ($types -contains $u.RecipientTypeDetails)) { continue }
        if ($Archive -and -not $u.ArchiveGuid) { continue }
        if ($Anr -and -not (Test-SandboxAnr $u $Anr)) { continue }
        if ($n -ge $limit) { break }
        Update-SandboxSync $u
        ConvertTo-SandboxRecipientOutput $u
        $n = $n + 1
    }
}
