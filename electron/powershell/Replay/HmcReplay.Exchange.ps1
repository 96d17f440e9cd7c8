# Replay harness: the sandbox Exchange behind New-PSSession -ConfigurationName Microsoft.Exchange and
# Import-PSSession, as IQService's rule would meet the real one. Dot-sourced by Start-HmcReplay.ps1.
# Faults per host (from the replay's settings): down (refused), kerberos (authentication refused),
# slow (the session opens after sessionOpenDelayMs, or times out at the rule's OpenTimeout: 3 minutes
# when the rule sets none). The errors are the real types and message shapes (PSRemotingTransportException,
# FQID ...,PSSessionOpenFailed, WinRM/SSPI codes). Exchange cmdlets become proxy functions that call the
# sandbox module and record each call, with the recipient before and after every change.

# Functions here run in the replayed script's scopes: shared state lives in $global:HmcReplay, never $script:.
$global:HmcReplay.ExchangeCommands = @('Get-User', 'Get-Recipient', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Disable-RemoteMailbox', 'Set-ADServerSettings', 'Get-ADServerSettings')
$global:HmcReplay.Changing = @('Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Disable-RemoteMailbox')

function global:New-HmcReplayTransportError([string]$HostName, [string]$Kind, [bool]$Open) {
    $prefix = 'Processing data from remote server {0} failed with the following error message: '
    if ($Open) { $prefix = 'Connecting to remote server {0} failed with the following error message : ' }
    switch ($Kind) {
        'down' {
            $text = 'The client cannot connect to the destination specified in the request. Verify that the service on the destination is running and is accepting requests. Consult the logs and documentation for the WS-Management service running on the destination, most commonly IIS or WinRM. If the destination is the WinRM service, run the following command on the destination to analyze and configure the WinRM service: "winrm quickconfig". For more information, see the about_Remote_Troubleshooting Help topic.'
            $code = -2144108526; $id = 'CannotConnect'
        }
        'kerberos' {
            $text = 'WinRM cannot process the request. The following error with errorcode 0x80090311 occurred while using Kerberos authentication: There are currently no logon servers available to service the logon request. Possible causes are: -The user name or password specified are invalid. -Kerberos is used when no authentication method and no user name are specified. -Kerberos accepts domain user names, but not local user names. -The Service Principal Name (SPN) for the remote computer name and port does not exist. -The client and remote computers are in different domains and there is no trust between the two domains. For more information, see the about_Remote_Troubleshooting Help topic.'
            $code = -2146893039; $id = 'AuthenticationFailed'
        }
        default {
            $text = 'The WinRM client cannot complete the operation within the time specified. Check if the machine name is valid and is reachable over the network and firewall exception for Windows Remote Management service is enabled. For more information, see the about_Remote_Troubleshooting Help topic.'
            $code = -2144108250; $id = 'WinRMOperationTimeout'
        }
    }
    $ex = New-Object System.Management.Automation.Remoting.PSRemotingTransportException(($prefix -f $HostName) + $text)
    $ex.ErrorCode = $code
    $fqid = $id + ',PSSessionOpenFailed'
    $category = [System.Management.Automation.ErrorCategory]::OpenError
    if (-not $Open) { $fqid = 'JobFailure'; $category = [System.Management.Automation.ErrorCategory]::OperationStopped }
    return (New-Object System.Management.Automation.ErrorRecord($ex, $fqid, $category, $null))
}

function New-PSSession {
    [CmdletBinding(DefaultParameterSetName = 'ComputerName')]
    param(
        [Parameter(ParameterSetName = 'ComputerName', Position = 0)][Alias('Cn')][string[]]$ComputerName,
        [Parameter(ParameterSetName = 'Uri', Mandatory = $true, Position = 0)][Alias('URI', 'CU')][object[]]$ConnectionUri,
        [string]$ConfigurationName, [System.Management.Automation.PSCredential]$Credential, [string]$Authentication,
        [object]$SessionOption, [switch]$AllowRedirection, [string[]]$Name, [switch]$EnableNetworkAccess, [int]$Port, [switch]$UseSSL,
        [string]$ApplicationName, [int]$ThrottleLimit, [string]$CertificateThumbprint
    )
    $h = $global:HmcReplay
    $uris = @()
    if ($PSCmdlet.ParameterSetName -eq 'Uri') { $uris = @($ConnectionUri) } else {
        foreach ($c in @($ComputerName)) { $uris += ('http://{0}:{1}/wsman' -f $c, $(if ($Port) { $Port } else { 5985 })) }
    }
    $openMs = 180000
    $opMs = 180000
    if ($SessionOption -and $SessionOption.OpenTimeout) { $openMs = [int]$SessionOption.OpenTimeout.TotalMilliseconds }
    if ($SessionOption -and $SessionOption.OperationTimeout) { $opMs = [int]$SessionOption.OperationTimeout.TotalMilliseconds }
    foreach ($raw in $uris) {
        $event = @{ uri = [string]$raw; configuration = $ConfigurationName; authentication = $Authentication; credentialUser = $null; openTimeoutMs = $openMs; operationTimeoutMs = $opMs }
        if ($Credential) { $event.credentialUser = $Credential.UserName }
        $uri = $null
        if (-not [Uri]::TryCreate([string]$raw, [UriKind]::Absolute, [ref]$uri)) {
            $event.outcome = 'invalid-uri'
            Write-HmcReplayEvent 'session-open' $event
            $msg = 'Cannot bind parameter ''ConnectionUri''. Cannot convert value "{0}" to type "System.Uri". Error: "Invalid URI: The hostname could not be parsed."' -f $raw
            $ex = New-Object System.Management.Automation.ParameterBindingException($msg)
            $PSCmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord($ex, 'CannotConvertArgumentNoMessage,Microsoft.PowerShell.Commands.NewPSSessionCommand', [System.Management.Automation.ErrorCategory]::InvalidArgument, $raw)))
        }
        $hostName = $uri.Host
        $event.host = $hostName
        $fault = Get-HmcReplayHostFault $hostName
        $kind = $null
        if ($fault -eq 'down') { $kind = 'down' }
        elseif ($fault -eq 'kerberos') { $kind = 'kerberos' }
        elseif ((-not $Authentication -or $Authentication -eq 'Kerberos' -or $Authentication -eq 'Default') -and $hostName -match '^[\d.]+$|:') { $kind = 'kerberos' }
        elseif ($fault -eq 'slow') {
            $delay = [int]$h.Config.sessionOpenDelayMs
            if ($delay -ge $openMs) { Start-Sleep -Milliseconds $openMs; $kind = 'timeout' } else { Start-Sleep -Milliseconds $delay }
        }
        if (-not $kind -and $ConfigurationName -ne 'Microsoft.Exchange') { $kind = 'endpoint' }
        if ($kind) {
            $event.outcome = $kind
            Write-HmcReplayEvent 'session-open' $event
            if ($kind -eq 'endpoint') {
                $ex = New-Object System.Management.Automation.Remoting.PSRemotingTransportException(('Connecting to remote server {0} failed with the following error message : The WS-Management service cannot process the request. Cannot find the {1} session configuration in the WSMan: drive on the {0} computer. For more information, see the about_Remote_Troubleshooting Help topic.' -f $hostName, $ConfigurationName))
                $ex.ErrorCode = -2144108485
                $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord($ex, '-2144108485,PSSessionOpenFailed', [System.Management.Automation.ErrorCategory]::OpenError, $null)))
            } else {
                $PSCmdlet.WriteError((New-HmcReplayTransportError $hostName $kind $true))
            }
            continue
        }
        $id = [int]$h.NextSession
        $h.NextSession = $id + 1
        $s = [pscustomobject]@{ Id = $id; Name = ('WinRM' + $id); ComputerName = $hostName; ComputerType = 'RemoteMachine'; State = 'Opened'; ConfigurationName = $ConfigurationName; Availability = 'Available'; InstanceId = [guid]::NewGuid(); HmcOperationMs = $opMs }
        $s.PSObject.TypeNames.Insert(0, 'System.Management.Automation.Runspaces.PSSession')
        $h.Sessions[$id] = $s
        $event.outcome = 'opened'
        $event.session = $id
        Write-HmcReplayEvent 'session-open' $event
        $s
    }
}

function Get-PSSession {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]]$ComputerName, [int[]]$Id, [string[]]$Name)
    foreach ($s in @($global:HmcReplay.Sessions.Values)) {
        if ($s.State -ne 'Opened') { continue }
        if ($Id -and $Id -notcontains $s.Id) { continue }
        if ($Name -and $Name -notcontains $s.Name) { continue }
        if ($ComputerName -and $ComputerName -notcontains $s.ComputerName) { continue }
        $s
    }
}

function Remove-PSSession {
    [CmdletBinding(DefaultParameterSetName = 'Id')]
    param(
        [Parameter(ParameterSetName = 'Id', Mandatory = $true, Position = 0)][int[]]$Id,
        [Parameter(ParameterSetName = 'Session', Mandatory = $true, Position = 0, ValueFromPipeline = $true)][object[]]$Session,
        [Parameter(ParameterSetName = 'Name', Mandatory = $true)][string[]]$Name,
        [Parameter(ParameterSetName = 'ComputerName', Mandatory = $true)][Alias('Cn')][string[]]$ComputerName,
        [Parameter(ParameterSetName = 'InstanceId', Mandatory = $true)][guid[]]$InstanceId
    )
    process {
        $h = $global:HmcReplay
        $targets = @()
        switch ($PSCmdlet.ParameterSetName) {
            'Id' { foreach ($i in $Id) { if ($h.Sessions.ContainsKey($i)) { $targets += $h.Sessions[$i] } else { $PSCmdlet.WriteError((New-Object System.Management.Automation.ErrorRecord((New-Object System.ArgumentException(('The remote session with the session ID {0} is not available.' -f $i))), 'RemotePSSessionNotFound,Microsoft.PowerShell.Commands.RemovePSSessionCommand', [System.Management.Automation.ErrorCategory]::InvalidArgument, $i))) } } }
            'Session' { foreach ($s in $Session) { if ($null -ne $s -and $s.PSObject.Properties['HmcOperationMs']) { $targets += $s } } }
            'Name' { $targets = @($h.Sessions.Values | Where-Object { $Name -contains $_.Name }) }
            'ComputerName' { $targets = @($h.Sessions.Values | Where-Object { $ComputerName -contains $_.ComputerName }) }
            'InstanceId' { $targets = @($h.Sessions.Values | Where-Object { $InstanceId -contains $_.InstanceId }) }
        }
        foreach ($t in $targets) {
            $t.State = 'Closed'
            Write-HmcReplayEvent 'session-remove' @{ session = $t.Id; host = $t.ComputerName }
        }
    }
}

function global:Get-HmcReplayState([string]$Identity) {
    $sbx = Get-HmcReplaySandbox
    $saved = $env:HMC_SANDBOX_TRANSPORT_FAILURES
    $env:HMC_SANDBOX_TRANSPORT_FAILURES = $null
    try {
        $u = @(& $sbx['Get-User'] -Identity $Identity -ErrorAction Stop)[0]
        $r = $null
        $type = [string]$u.RecipientTypeDetails
        if ($type -like 'Remote*Mailbox') { $r = @(& $sbx['Get-RemoteMailbox'] -Identity ([string]$u.Guid) -ErrorAction Stop)[0] }
        elseif ($type -ne 'User') { $r = @(& $sbx['Get-Recipient'] -Identity ([string]$u.Guid) -ErrorAction Stop)[0] }
        return @{ User = $u; Recipient = $r }
    } catch {
        # Not found (or ambiguous): the change event says so with a null state.
        return $null
    } finally {
        $env:HMC_SANDBOX_TRANSPORT_FAILURES = $saved
    }
}

function global:Invoke-HmcReplayProxy {
    param([string]$Name, [string]$As, [int]$SessionId, [hashtable]$Bound, $Cmdlet)
    $h = $global:HmcReplay
    $session = $h.Sessions[$SessionId]
    $event = @{ cmdlet = $Name; calledAs = $As; session = $SessionId; host = $session.ComputerName; identity = $null; params = @{} }
    foreach ($k in $Bound.Keys) {
        if ($k -eq 'Identity') { $event.identity = [string]$Bound[$k] }
        if ($k -notin @('ErrorAction', 'ErrorVariable', 'WarningAction', 'WarningVariable', 'OutVariable', 'OutBuffer', 'InformationAction', 'InformationVariable', 'PipelineVariable', 'Verbose', 'Debug')) {
            $event.params[$k] = [string]$Bound[$k]
        }
    }
    if ($session.State -ne 'Opened') {
        $event.outcome = 'session-closed'
        Write-HmcReplayEvent 'exchange-call' $event
        $ex = New-Object System.Management.Automation.PSInvalidOperationException(('The session used by the implicit remoting command {0} is {1}; open and import a new session.' -f $As, $session.State))
        $Cmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord($ex, 'ImplicitRemotingSessionClosed', [System.Management.Automation.ErrorCategory]::ResourceUnavailable, $null)))
    }
    $delay = [int]$h.Config.cmdletDelayMs
    if ($delay -gt 0 -and (@($h.Config.cmdletDelayNames).Count -eq 0 -or @($h.Config.cmdletDelayNames) -contains $Name)) {
        if ($delay -ge [int]$session.HmcOperationMs) {
            Start-Sleep -Milliseconds ([int]$session.HmcOperationMs)
            $session.State = 'Broken'
            $event.outcome = 'timeout'
            Write-HmcReplayEvent 'exchange-call' $event
            $Cmdlet.ThrowTerminatingError((New-HmcReplayTransportError $session.ComputerName 'timeout' $false))
        }
        Start-Sleep -Milliseconds $delay
    }
    $changing = $h.Changing -contains $Name
    if ($changing -and $event.identity) { $event.before = Get-HmcReplayState $event.identity }
    $p = @{}
    foreach ($k in $Bound.Keys) { $p[$k] = $Bound[$k] }
    $p['ErrorAction'] = 'Stop'
    $failure = $null
    $out = $null
    try {
        $out = & (Get-HmcReplaySandbox)[$Name] @p
        $event.outcome = 'ok'
    } catch {
        $failure = $_
        $event.outcome = 'error'
        $event.error = @{ type = $_.Exception.GetType().FullName; message = $_.Exception.Message; fqid = $_.FullyQualifiedErrorId; reason = [string]$_.CategoryInfo.Reason; category = [string]$_.CategoryInfo.Category }
    }
    if ($changing -and $event.identity) {
        $key = $event.identity
        if ($event.before) { $key = [string]$event.before.User.Guid }
        $event.after = Get-HmcReplayState $key
    }
    Write-HmcReplayEvent 'exchange-call' $event
    if ($null -ne $failure) { $Cmdlet.WriteError($failure); return }
    $out
}

function Import-PSSession {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][object]$Session,
        [Parameter(Position = 1)][Alias('Name')][string[]]$CommandName,
        [Parameter(Position = 2)][string[]]$FormatTypeName,
        [string]$Prefix, [switch]$DisableNameChecking, [switch]$AllowClobber, [object[]]$ArgumentList, [object]$CommandType, [string[]]$Module,
        [string]$FullyQualifiedModule, [object]$Certificate
    )
    $h = $global:HmcReplay
    if ($null -eq $Session -or -not $Session.PSObject.Properties['HmcOperationMs'] -or $Session.State -ne 'Opened') {
        $ex = New-Object System.ArgumentException('The session is not open: Import-PSSession needs a session returned by New-PSSession that has not been removed.')
        $PSCmdlet.ThrowTerminatingError((New-Object System.Management.Automation.ErrorRecord($ex, 'ImportPSSessionNotOpened,Microsoft.PowerShell.Commands.ImportPSSessionCommand', [System.Management.Automation.ErrorCategory]::InvalidArgument, $Session)))
    }
    $imported = @()
    foreach ($name in $h.ExchangeCommands) {
        if ($CommandName) {
            $hit = $false
            foreach ($pattern in $CommandName) { if ($name -like $pattern) { $hit = $true } }
            if (-not $hit) { continue }
        }
        $dash = $name.IndexOf('-')
        $as = $name.Substring(0, $dash + 1) + $Prefix + $name.Substring($dash + 1)
        $md = New-Object System.Management.Automation.CommandMetadata((Get-HmcReplaySandbox)[$name])
        $body = [System.Management.Automation.ProxyCommand]::GetCmdletBindingAttribute($md) + "`nparam(" + [System.Management.Automation.ProxyCommand]::GetParamBlock($md) + ")`n" +
            ("Invoke-HmcReplayProxy -Name '{0}' -As '{1}' -SessionId {2} -Bound `$PSBoundParameters -Cmdlet `$PSCmdlet" -f $name, $as, [int]$Session.Id)
        Set-Item -Path ('function:global:' + $as) -Value ([scriptblock]::Create($body))
        $imported += $as
    }
    Write-HmcReplayEvent 'import-session' @{ session = [int]$Session.Id; host = $Session.ComputerName; commands = $imported }
    # Like the real cmdlet, the answer is the temporary module, not the session.
    return (New-Module -Name ('tmp_' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.' + [guid]::NewGuid().ToString('N').Substring(0, 3)) -ScriptBlock { })
}
