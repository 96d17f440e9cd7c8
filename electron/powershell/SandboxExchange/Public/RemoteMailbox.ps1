# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Enable-, Set- and Disable-RemoteMailbox: changes with the real parameter sets, checks and side effects.

function Enable-RemoteMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Default', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Parameter(ParameterSetName = 'Default')]
        [Parameter(ParameterSetName = 'Room')]
        [Parameter(ParameterSetName = 'Equipment')]
        [Parameter(ParameterSetName = 'Shared')]
        [string]$RemoteRoutingAddress,
        [Parameter(ParameterSetName = 'Room', Mandatory = $true)][switch]$Room,
        [Parameter(ParameterSetName = 'Equipment', Mandatory = $true)][switch]$Equipment,
        [Parameter(ParameterSetName = 'Shared', Mandatory = $true)][switch]$Shared,
        [Parameter(ParameterSetName = 'Archive', Mandatory = $true)][switch]$Archive,
        [Parameter(ParameterSetName = 'Archive')][string]$ArchiveName,
        [string]$Alias,
        [string]$DisplayName,
        [string]$DomainController,
        [string]$PrimarySmtpAddress,
        [switch]$ACLableSyncedObjectEnabled
    )
    Invoke-SandboxFault 'Enable-RemoteMailbox' $PSCmdlet
    Enter-SandboxLock $PSCmdlet
    try {
        $data = Get-SandboxData -Fresh
        $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'EnableRemoteMailbox' $null
        if ($PSCmdlet.ParameterSetName -eq 'Archive') {
            if ($u.RecipientTypeDetails -notlike 'Remote*Mailbox') { Throw-WrongType $PSCmdlet $u 'EnableRemoteMailbox' }
            if ($PSCmdlet.ShouldProcess($Identity, 'Enable the remote archive')) {
                $u.ArchiveGuid = [guid]::NewGuid().ToString()
                $u.WhenChanged = [DateTime]::UtcNow.ToString('o')
                Save-SandboxData $data
                Invoke-SandboxDieAfterWrite 'Enable-RemoteMailbox'
                return (ConvertTo-SandboxRecipientOutput $u)
            }
            return
        }
        if ($u.RecipientTypeDetails -ne 'User') { Throw-WrongType $PSCmdlet $u 'EnableRemoteMailbox' }
        $aliasValue = $Alias
        if (-not $aliasValue) { $aliasValue = Get-SandboxAlias $u.SamAccountName }
        $routing = $RemoteRoutingAddress
        if ($routing) {
            $routing = Assert-SandboxSmtp $PSCmdlet $routing 'EnableRemoteMailbox' 'RemoteRoutingAddress'
        } else {
            $routing = '{0}@{1}.mail.onmicrosoft.com' -f $aliasValue, $data.organization.tenant
        }
        $primary = $null
        if ($PrimarySmtpAddress) {
            $primary = Assert-SandboxSmtp $PSCmdlet $PrimarySmtpAddress 'EnableRemoteMailbox' 'PrimarySmtpAddress'
            if (Test-SandboxAddressTaken $data $primary $u) {
                $msg = 'The proxy address "SMTP:{0}" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.' -f $primary
                Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Management.Tasks.RecipientTaskException' $msg 'NotSpecified' 'EnableRemoteMailbox' $primary
            }
        }
        if (-not $PSCmdlet.ShouldProcess($Identity, 'Enable-RemoteMailbox')) { return }
        Set-SandboxMailAttributes $data $u $aliasValue $primary $routing
        if ($PSBoundParameters.ContainsKey('DisplayName')) { $u.DisplayName = $DisplayName }
        $u.RemoteRoutingAddress = 'SMTP:' + $routing
        $u.RemoteRecipientType = 'ProvisionMailbox'
        $u.RecipientTypeDetails = 'RemoteUserMailbox'
        if ($Room) { $u.RecipientTypeDetails = 'RemoteRoomMailbox' }
        if ($Equipment) { $u.RecipientTypeDetails = 'RemoteEquipmentMailbox' }
        if ($Shared) { $u.RecipientTypeDetails = 'RemoteSharedMailbox' }
        $u.ExchangeGuid = $script:ZeroGuid
        $u.CloudExchangeGuid = [guid]::NewGuid().ToString()
        $delay = Get-SandboxSyncDelay
        if ($delay -le 0) {
            $u.ExchangeGuid = $u.CloudExchangeGuid
            $u.SyncDueUtc = $null
        } else {
            $u.SyncDueUtc = [DateTime]::UtcNow.AddSeconds($delay).ToString('o')
        }
        $u.WhenChanged = [DateTime]::UtcNow.ToString('o')
        Save-SandboxData $data
        Invoke-SandboxDieAfterWrite 'Enable-RemoteMailbox'
        return (ConvertTo-SandboxRecipientOutput $u)
    } finally {
        Exit-SandboxLock
    }
}

function Set-RemoteMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Nullable[bool]]$HiddenFromAddressListsEnabled,
        [string]$RemoteRoutingAddress,
        [string]$PrimarySmtpAddress,
        [object]$EmailAddresses,
        [Nullable[bool]]$EmailAddressPolicyEnabled,
        [string]$ExchangeGuid,
        [string]$Alias,
        [string]$DisplayName,
        [ValidateSet('Regular', 'Room', 'Equipment', 'Shared')][string]$Type,
        [string]$DomainController,
        [switch]$IgnoreDefaultScope
    )
    Invoke-SandboxFault 'Set-RemoteMailbox' $PSCmdlet
    if ($PSBoundParameters.ContainsKey('EmailAddresses') -and $PSBoundParameters.ContainsKey('PrimarySmtpAddress')) {
        Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Management.Tasks.RecipientTaskException' 'The EmailAddresses and PrimarySmtpAddress parameters can''t be used together.' 'InvalidArgument' 'SetRemoteMailbox' $Identity
    }
    if ($IgnoreDefaultScope -and $DomainController) {
        Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Management.Tasks.RecipientTaskException' 'The DomainController parameter can''t be used together with the IgnoreDefaultScope parameter.' 'InvalidArgument' 'SetRemoteMailbox' $Identity
    }
    Enter-SandboxLock $PSCmdlet
    try {
        $data = Get-SandboxData -Fresh
        $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'SetRemoteMailbox' @('RemoteUserMailbox', 'RemoteRoomMailbox', 'RemoteEquipmentMailbox', 'RemoteSharedMailbox')
        $routing = $null
        if ($PSBoundParameters.ContainsKey('RemoteRoutingAddress')) { $routing = Assert-SandboxSmtp $PSCmdlet $RemoteRoutingAddress 'SetRemoteMailbox' 'RemoteRoutingAddress' }
        $primary = $null
        if ($PSBoundParameters.ContainsKey('PrimarySmtpAddress')) {
            $primary = Assert-SandboxSmtp $PSCmdlet $PrimarySmtpAddress 'SetRemoteMailbox' 'PrimarySmtpAddress'
            if (Test-SandboxAddressTaken $data $primary $u) {
                $msg = 'The proxy address "SMTP:{0}" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.' -f $primary
                Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Management.Tasks.RecipientTaskException' $msg 'NotSpecified' 'SetRemoteMailbox' $primary
            }
        }
        if (-not $PSCmdlet.ShouldProcess($Identity, 'Set-RemoteMailbox')) { return }
        if ($null -ne $HiddenFromAddressListsEnabled) { $u.HiddenFromAddressListsEnabled = [bool]$HiddenFromAddressListsEnabled }
        if ($null -ne $routing) {
            $u.RemoteRoutingAddress = 'SMTP:' + $routing
            $present = $false
            foreach ($e in @($u.EmailAddresses)) { if ($e.Substring($e.IndexOf(':') + 1) -ieq $routing) { $present = $true } }
            if (-not $present) { $u.EmailAddresses = @($u.EmailAddresses) + @('smtp:' + $routing) }
        }
        if ($null -ne $primary) {
            $list = New-Object System.Collections.Generic.List[string]
            $list.Add('SMTP:' + $primary)
            foreach ($e in @($u.EmailAddresses)) {
                $v = $e.Substring($e.IndexOf(':') + 1)
                if ($v -ine $primary) { $list.Add('smtp:' + $v) }
            }
            $u.EmailAddresses = $list.ToArray()
            $u.PrimarySmtpAddress = $primary
            $u.EmailAddressPolicyEnabled = $false
        }
        if ($PSBoundParameters.ContainsKey('EmailAddresses')) {
            $current = New-Object System.Collections.Generic.List[string]
            if ($EmailAddresses -is [System.Collections.IDictionary]) {
                foreach ($e in @($u.EmailAddresses)) { $current.Add($e) }
                foreach ($a in @($EmailAddresses['Add'])) { if ($a) { $current.Add([string]$a) } }
                foreach ($r in @($EmailAddresses['Remove'])) {
                    if ($r) {
                        $rv = Get-SandboxProxyValue ([string]$r)
                        $current = [System.Collections.Generic.List[string]]@($current | Where-Object { (Get-SandboxProxyValue $_) -ine $rv })
                    }
                }
            } else {
                foreach ($a in @($EmailAddresses)) { $current.Add([string]$a) }
            }
            $u.EmailAddresses = $current.ToArray()
            foreach ($e in $current) { if ($e.StartsWith('SMTP:', [System.StringComparison]::Ordinal)) { $u.PrimarySmtpAddress = $e.Substring(5) } }
        }
        if ($null -ne $EmailAddressPolicyEnabled) { $u.EmailAddressPolicyEnabled = [bool]$EmailAddressPolicyEnabled }
        if ($PSBoundParameters.ContainsKey('ExchangeGuid')) { $u.ExchangeGuid = ([guid]$ExchangeGuid).ToString(); $u.SyncDueUtc = $null }
        if ($PSBoundParameters.ContainsKey('Alias')) { $u.Alias = $Alias }
        if ($PSBoundParameters.ContainsKey('DisplayName')) { $u.DisplayName = $DisplayName }
        if ($Type) {
            $map = @{ Regular = 'RemoteUserMailbox'; Room = 'RemoteRoomMailbox'; Equipment = 'RemoteEquipmentMailbox'; Shared = 'RemoteSharedMailbox' }
            $u.RecipientTypeDetails = $map[$Type]
        }
        $u.WhenChanged = [DateTime]::UtcNow.ToString('o')
        Save-SandboxData $data
        Invoke-SandboxDieAfterWrite 'Set-RemoteMailbox'
    } finally {
        Exit-SandboxLock
    }
}

function Disable-RemoteMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [switch]$Archive,
        [switch]$IgnoreLegalHold,
        [string]$DomainController,
        [switch]$IgnoreDefaultScope
    )
    Invoke-SandboxFault 'Disable-RemoteMailbox' $PSCmdlet
    Enter-SandboxLock $PSCmdlet
    try {
        $data = Get-SandboxData -Fresh
        $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'DisableRemoteMailbox' @('RemoteUserMailbox', 'RemoteRoomMailbox', 'RemoteEquipmentMailbox', 'RemoteSharedMailbox')
        if ($Archive) {
            if (-not $u.ArchiveGuid) { Throw-WrongType $PSCmdlet $u 'DisableRemoteMailbox' }
            if (-not $PSCmdlet.ShouldProcess($Identity, 'Disable the remote archive')) { return }
            $u.ArchiveGuid = $null
        } else {
            if (-not $PSCmdlet.ShouldProcess($Identity, 'Disable-RemoteMailbox')) { return }
            $u.RecipientTypeDetails = 'User'
            $u.Alias = $null
            $u.PrimarySmtpAddress = $null
            $u.EmailAddresses = @()
            $u.EmailAddressPolicyEnabled = $null
            $u.HiddenFromAddressListsEnabled = $false
            $u.RemoteRoutingAddress = $null
            $u.RemoteRecipientType = $null
            $u.ExchangeGuid = $null
            $u.CloudExchangeGuid = $null
            $u.SyncDueUtc = $null
            $u.ArchiveGuid = $null
        }
        $u.WhenChanged = [DateTime]::UtcNow.ToString('o')
        Save-SandboxData $data
        Invoke-SandboxDieAfterWrite 'Disable-RemoteMailbox'
    } finally {
        Exit-SandboxLock
    }
}
