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
# Must run on Windows PowerShell 5.1 and PowerShell 7: no 7-only syntax (a unit test scans this file), ASCII only.

Set-StrictMode -Off

$script:Utf8 = New-Object System.Text.UTF8Encoding($false)
$script:Session = $null
$script:ImportedModule = $null
$script:Mode = $null
$script:AllowedCommands = @(
    'Get-User', 'Get-Recipient', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Disable-RemoteMailbox',
    'Set-ADServerSettings', 'Get-ADServerSettings', 'Get-HmcRecipientState', 'Find-HmcRecipient', 'Connect-HmcSandbox',
    'Connect-HmcRemote', 'Connect-HmcSnapin', 'Disconnect-HmcExchange', 'Test-HmcSession', 'Reset-SandboxDirectory',
    'Add-SandboxUser', 'Get-SandboxConfiguration', 'Connect-HmcSshLab'
)

function ConvertFrom-HmcWire {
    param($Node)
    if ($null -eq $Node) { return $null }
    if ($Node -is [System.Management.Automation.PSCustomObject]) {
        $props = @($Node.PSObject.Properties)
        if ($props.Count -eq 1 -and $props[0].Name -ceq 's') {
            return $script:Utf8.GetString([System.Convert]::FromBase64String([string]$props[0].Value))
        }
        if ($props.Count -eq 1 -and $props[0].Name -ceq 'o') {
            $h = @{}
            if ($null -ne $props[0].Value) {
                foreach ($p in $props[0].Value.PSObject.Properties) { $h[$p.Name] = ConvertFrom-HmcWire $p.Value }
            }
            return $h
        }
        throw (New-Object System.ArgumentException('Malformed wire value.'))
    }
    if ($Node -is [System.Array]) {
        $list = New-Object System.Collections.Generic.List[object]
        foreach ($item in $Node) { $list.Add((ConvertFrom-HmcWire $item)) }
        return , $list.ToArray()
    }
    return $Node
}

function ConvertTo-HmcData {
    param($Value, [int]$Depth = 0, [string[]]$Select)
    if ($null -eq $Value) { return $null }
    if ($Value -is [string] -or $Value -is [bool] -or $Value -is [int] -or $Value -is [long] -or $Value -is [double] -or
        $Value -is [decimal] -or $Value -is [single] -or $Value -is [int16] -or $Value -is [byte] -or $Value -is [uint32] -or $Value -is [uint64]) {
        return $Value
    }
    if ($Value -is [char]) { return [string]$Value }
    if ($Value -is [DateTime]) { return $Value.ToUniversalTime().ToString('o', [Globalization.CultureInfo]::InvariantCulture) }
    if ($Value -is [DateTimeOffset]) { return $Value.UtcDateTime.ToString('o', [Globalization.CultureInfo]::InvariantCulture) }
    if ($Value -is [guid] -or $Value -is [enum] -or $Value -is [System.Security.SecureString]) {
        if ($Value -is [System.Security.SecureString]) { return '********' }
        return $Value.ToString()
    }
    if ($Depth -ge 5) { return [string]$Value }
    if ($Value -is [System.Collections.IDictionary]) {
        $h = [ordered]@{}
        foreach ($k in $Value.Keys) { $h[[string]$k] = ConvertTo-HmcData $Value[$k] ($Depth + 1) }
        return $h
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $list = New-Object System.Collections.Generic.List[object]
        foreach ($item in $Value) {
            if ($null -eq $item -or $item -is [string]) { $list.Add($item) } else { $list.Add((ConvertTo-HmcData $item ($Depth + 1))) }
        }
        return , $list.ToArray()
    }
    if ($Depth -gt 0 -and -not ($Value -is [System.Management.Automation.PSCustomObject])) { return [string]$Value }
    $h = [ordered]@{}
    $filter = ($null -ne $Select -and $Select.Count -gt 0)
    foreach ($p in $Value.PSObject.Properties) {
        if ($filter -and -not ($Select -contains $p.Name)) { continue }
        $v = $null
        try { $v = $p.Value } catch { $v = $null }
        # Scalars inline (a function call per property is the main cost of a large object).
        if ($null -eq $v -or $v -is [string] -or $v -is [bool] -or $v -is [int] -or $v -is [long]) {
            $h[$p.Name] = $v
        } elseif ($v -is [guid]) {
            $h[$p.Name] = $v.ToString()
        } else {
            $h[$p.Name] = ConvertTo-HmcData $v ($Depth + 1)
        }
    }
    return $h
}

function ConvertTo-HmcErrorInfo {
    param($Record)
    $ex = $Record.Exception
    $info = [ordered]@{
        type       = $null
        message    = $null
        fqid       = [string]$Record.FullyQualifiedErrorId
        category   = [string]$Record.CategoryInfo.Category
        reason     = [string]$Record.CategoryInfo.Reason
        remoteType = $null
        errorCode  = $null
        target     = $null
    }
    if ($ex) {
        $info.type = $ex.GetType().FullName
        $info.message = [string]$ex.Message
        if ($ex -is [System.Management.Automation.RemoteException] -and $null -ne $ex.SerializedRemoteException) {
            $names = @($ex.SerializedRemoteException.PSObject.TypeNames)
            if ($names.Count -gt 0) { $info.remoteType = ([string]$names[0]) -replace '^Deserialized\.', '' }
        }
        $ec = $ex.PSObject.Properties['ErrorCode']
        if ($ec) {
            try { $info.errorCode = [long]$ec.Value } catch { $info.errorCode = $null }
        }
        if ($null -eq $info.errorCode -and $ex.InnerException) {
            $iec = $ex.InnerException.PSObject.Properties['ErrorCode']
            if ($iec) { try { $info.errorCode = [long]$iec.Value } catch { $info.errorCode = $null } }
        }
    } else {
        $info.message = [string]$Record
    }
    if ($Record.ErrorDetails -and $Record.ErrorDetails.Message) { $info.message = [string]$Record.ErrorDetails.Message }
    if ($null -ne $Record.TargetObject -and ($Record.TargetObject -is [string])) { $info.target = [string]$Record.TargetObject }
    return $info
}

function Write-HmcEnvelope {
    param($Envelope)
    $json = ConvertTo-Json -InputObject $Envelope -Compress -Depth 12
    [Console]::Out.WriteLine('HMC1:' + [System.Convert]::ToBase64String($script:Utf8.GetBytes($json)))
    [Console]::Out.Flush()
}

function Invoke-HmcCall {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Request)
    $envelope = [ordered]@{ v = 1; ok = $false; value = $null; errors = @(); warnings = @() }
    $errors = New-Object System.Collections.Generic.List[object]
    $warnings = New-Object System.Collections.Generic.List[string]
    try {
        Clear-History -ErrorAction SilentlyContinue
        $req = ConvertFrom-Json -InputObject ($script:Utf8.GetString([System.Convert]::FromBase64String($Request)))
        $name = [string]$req.command
        if ($name -cnotmatch '^[A-Za-z]+-[A-Za-z0-9]+$' -or -not ($script:AllowedCommands -contains $name)) {
            throw (New-Object System.ArgumentException('The command is not one the console may run.'))
        }
        $params = ConvertFrom-HmcWire $req.params
        if ($null -eq $params) { $params = @{} }
        $select = @()
        if ($null -ne $req.select) { $select = @($req.select | ForEach-Object { [string]$_ }) }
        $ev = $null
        $wv = $null
        $caught = $null
        $out = $null
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        $ConfirmPreference = 'None'
        try {
            # -ErrorAction Stop explicitly: implicit-remoting proxies live in their own module and do not see
            # this scope's $ErrorActionPreference; without it a remote error can be lost (not even in -ErrorVariable).
            $out = @(& $name @params -ErrorAction Stop -ErrorVariable ev -WarningVariable wv -WarningAction SilentlyContinue)
        } catch {
            $caught = $_
        }
        $records = New-Object System.Collections.Generic.List[object]
        foreach ($e in @($ev) + @($caught)) {
            if ($null -eq $e) { continue }
            $rec = $e
            if (-not ($rec -is [System.Management.Automation.ErrorRecord])) {
                if ($rec -is [System.Exception]) {
                    $rec = New-Object System.Management.Automation.ErrorRecord($rec, 'Exception', [System.Management.Automation.ErrorCategory]::NotSpecified, $null)
                } else { continue }
            }
            # -ErrorAction Stop wraps the original record (e.g. a remote Exchange error) in an ActionPreferenceStopException.
            if ($rec.Exception -is [System.Management.Automation.ActionPreferenceStopException] -and $null -ne $rec.Exception.ErrorRecord) {
                $rec = $rec.Exception.ErrorRecord
            }
            $dup = $false
            foreach ($r in $records) { if ([object]::ReferenceEquals($r.Exception, $rec.Exception)) { $dup = $true } }
            if (-not $dup) { $records.Add($rec) }
        }
        # A terminating error raised by a helper inside a cmdlet also arrives wrapped in a
        # CmdletInvocationException: report the original record, not the wrapper.
        foreach ($rec in $records) {
            $wrapped = $false
            if ($rec.Exception -is [System.Management.Automation.CmdletInvocationException] -and $null -ne $rec.Exception.InnerException) {
                foreach ($other in $records) {
                    if ([object]::ReferenceEquals($other.Exception, $rec.Exception.InnerException)) { $wrapped = $true }
                }
            }
            if (-not $wrapped) { $errors.Add((ConvertTo-HmcErrorInfo $rec)) }
        }
        foreach ($w in @($wv)) { if ($null -ne $w) { $warnings.Add([string]$w.Message) } }
        $values = New-Object System.Collections.Generic.List[object]
        foreach ($o in $out) {
            if ($null -eq $o) { continue }
            if ($o -is [System.Management.Automation.ErrorRecord]) { $errors.Add((ConvertTo-HmcErrorInfo $o)); continue }
            if ($o -is [System.Management.Automation.WarningRecord]) { $warnings.Add([string]$o.Message); continue }
            $values.Add((ConvertTo-HmcData $o 0 $select))
        }
        $envelope.value = $values.ToArray()
        $envelope.ok = ($errors.Count -eq 0)
    } catch {
        $errors.Add((ConvertTo-HmcErrorInfo $_))
        $envelope.ok = $false
    }
    $envelope.errors = $errors.ToArray()
    $envelope.warnings = $warnings.ToArray()
    Write-HmcEnvelope $envelope
}

# ---------------------------------------------------------------- composite reads

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

# ---------------------------------------------------------------- sessions

$script:ExchangeCommands = @('Get-User', 'Get-Recipient', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Disable-RemoteMailbox', 'Set-ADServerSettings')

function Connect-HmcSandbox {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$ModulePath,
        [Parameter(Mandatory = $true)][string]$DirectoryPath,
        [int]$SyncDelaySeconds = 30
    )
    $mod = Import-Module -Name $ModulePath -Force -Global -DisableNameChecking -PassThru -ErrorAction Stop
    $script:ImportedModule = $mod
    Set-SandboxConfiguration -DirectoryPath $DirectoryPath -SyncDelaySeconds $SyncDelaySeconds
    Set-ADServerSettings -ViewEntireForest $true -ErrorAction Stop
    $script:Mode = 'sandbox'
    $cfg = Get-SandboxConfiguration
    [pscustomobject]@{ Mode = 'sandbox'; Host = $null; DirectoryPath = $cfg.DirectoryPath; PSVersion = $PSVersionTable.PSVersion.ToString() }
}

function Connect-HmcRemote {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string[]]$Hosts,
        [ValidateSet('Kerberos', 'Negotiate', 'Basic')][string]$Authentication = 'Kerberos',
        [bool]$UseHttps = $false,
        [string]$UserName,
        [string]$Password,
        [int]$OperationTimeoutMs = 60000
    )
    if ($Authentication -eq 'Basic' -and -not $UseHttps) {
        $ex = New-Object System.ArgumentException('Basic authentication over http would send the password in clear text; use https.')
        $PSCmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord($ex, 'HmcBasicOverHttp', [System.Management.Automation.ErrorCategory]::InvalidArgument, $null)))
    }
    $credential = $null
    if ($UserName) {
        $secure = ConvertTo-SecureString -String $Password -AsPlainText -Force
        $credential = New-Object System.Management.Automation.PSCredential($UserName, $secure)
    }
    $scheme = 'http'
    if ($UseHttps) { $scheme = 'https' }
    $session = $null
    $connected = $null
    $lastError = $null
    foreach ($h in $Hosts) {
        $p = @{
            ConfigurationName = 'Microsoft.Exchange'
            ConnectionUri     = ('{0}://{1}/PowerShell/' -f $scheme, $h)
            Authentication    = $Authentication
            SessionOption     = (New-PSSessionOption -OperationTimeout $OperationTimeoutMs -OpenTimeout $OperationTimeoutMs)
            ErrorAction       = 'Stop'
        }
        if ($credential) { $p['Credential'] = $credential }
        try {
            $session = New-PSSession @p
            $connected = $h
            break
        } catch {
            $lastError = $_
            Write-Warning ('Could not open a session on {0}; trying the next host if any.' -f $h)
        }
    }
    if ($null -eq $session) { throw $lastError }
    $imported = Import-PSSession -Session $session -CommandName $script:ExchangeCommands -DisableNameChecking -AllowClobber -ErrorAction Stop
    $script:ImportedModule = Import-Module -ModuleInfo $imported -Global -DisableNameChecking -Force -PassThru -ErrorAction Stop
    $script:Session = $session
    Set-ADServerSettings -ViewEntireForest $true -ErrorAction Stop
    $script:Mode = 'remote'
    [pscustomobject]@{ Mode = 'remote'; Host = $connected; DirectoryPath = $null; PSVersion = $PSVersionTable.PSVersion.ToString() }
}

function Connect-HmcSshLab {
    # Test laboratory only (Exchange itself is reached over WSMan, see Connect-HmcRemote): the sandbox
    # module behind a real remote PowerShell session over SSH, imported with Import-PSSession exactly
    # like Exchange, so that deserialised objects and errors raised through implicit remoting are exercised.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$HostName,
        [int]$Port = 22,
        [Parameter(Mandatory = $true)][string]$UserName,
        [Parameter(Mandatory = $true)][string]$KeyFilePath,
        [Parameter(Mandatory = $true)][string]$ModulePath,
        [Parameter(Mandatory = $true)][string]$DirectoryPath,
        [int]$SyncDelaySeconds = 30
    )
    $options = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
    $session = New-PSSession -HostName $HostName -Port $Port -UserName $UserName -KeyFilePath $KeyFilePath -Options $options -ErrorAction Stop
    Invoke-Command -Session $session -ErrorAction Stop -ScriptBlock {
        param($m, $d, $delay)
        Import-Module -Name $m -DisableNameChecking -ErrorAction Stop
        Set-SandboxConfiguration -DirectoryPath $d -SyncDelaySeconds $delay
    } -ArgumentList $ModulePath, $DirectoryPath, $SyncDelaySeconds
    $commands = $script:ExchangeCommands + @('Reset-SandboxDirectory', 'Add-SandboxUser')
    $imported = Import-PSSession -Session $session -CommandName $commands -DisableNameChecking -AllowClobber -ErrorAction Stop
    $script:ImportedModule = Import-Module -ModuleInfo $imported -Global -DisableNameChecking -Force -PassThru -ErrorAction Stop
    $script:Session = $session
    Set-ADServerSettings -ViewEntireForest $true -ErrorAction Stop
    $script:Mode = 'remote'
    [pscustomobject]@{ Mode = 'remote'; Host = ('ssh://{0}:{1}' -f $HostName, $Port); DirectoryPath = $DirectoryPath; PSVersion = $PSVersionTable.PSVersion.ToString() }
}

function Connect-HmcSnapin {
    [CmdletBinding()]
    param([string]$SnapinPattern = '*RecipientManagement')
    if ($PSVersionTable.PSEdition -ne 'Desktop') {
        $ex = New-Object System.PlatformNotSupportedException('The Exchange Management Tools snap-in loads only in Windows PowerShell 5.1; set powershell.path to powershell.exe.')
        $PSCmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord($ex, 'HmcSnapinNeedsWindowsPowerShell', [System.Management.Automation.ErrorCategory]::NotInstalled, $null)))
    }
    $snap = @(Get-PSSnapin -Registered -Name $SnapinPattern -ErrorAction SilentlyContinue)[0]
    if ($null -eq $snap) {
        $ex = New-Object System.Management.Automation.ItemNotFoundException('The Exchange Management Tools snap-in (RecipientManagement) is not installed on this machine.')
        $PSCmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord($ex, 'HmcSnapinMissing', [System.Management.Automation.ErrorCategory]::NotInstalled, $null)))
    }
    if (-not (Get-PSSnapin -Name $snap.Name -ErrorAction SilentlyContinue)) { Add-PSSnapin -Name $snap.Name -ErrorAction Stop }
    Set-ADServerSettings -ViewEntireForest $true -ErrorAction Stop
    $script:Mode = 'snapin'
    [pscustomobject]@{ Mode = 'snapin'; Host = $null; DirectoryPath = $null; PSVersion = $PSVersionTable.PSVersion.ToString() }
}

function Disconnect-HmcExchange {
    [CmdletBinding()]
    param()
    if ($null -ne $script:Session) {
        Remove-PSSession -Session $script:Session -ErrorAction SilentlyContinue
        $script:Session = $null
    }
    if ($null -ne $script:ImportedModule) {
        Remove-Module -ModuleInfo $script:ImportedModule -Force -ErrorAction SilentlyContinue
        $script:ImportedModule = $null
    }
    $script:Mode = $null
    [pscustomobject]@{ Disconnected = $true }
}

function Test-HmcSession {
    [CmdletBinding()]
    param()
    $state = 'NotConnected'
    if ($script:Mode -eq 'remote') {
        if ($null -ne $script:Session) { $state = [string]$script:Session.State }
    } elseif ($script:Mode) {
        $state = 'Opened'
    }
    [pscustomobject]@{ Mode = $script:Mode; State = $state; PSVersion = $PSVersionTable.PSVersion.ToString(); PSEdition = [string]$PSVersionTable.PSEdition }
}

Export-ModuleMember -Function @(
    'Invoke-HmcCall', 'Get-HmcRecipientState', 'Find-HmcRecipient', 'Connect-HmcSandbox', 'Connect-HmcRemote',
    'Connect-HmcSnapin', 'Connect-HmcSshLab', 'Disconnect-HmcExchange', 'Test-HmcSession'
)
