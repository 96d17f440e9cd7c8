# ---------------------------------------------------------------- exchange: hosts, budget, session, recipient
# Hosts in failover order; each is tried on its own URI after a TCP check of the WinRM (HTTP) port.
# The session open and every cmdlet are bounded (New-PSSessionOption -OpenTimeout/-OperationTimeout)
# inside the budget, so the script stops and reports before IQService's timeout would kill it.

$script:Session = $null
$script:Credential = $null
$script:DomainController = $null

function Get-HmcRemainingMs {
    return [int][Math]::Floor(($script:Deadline - [DateTime]::UtcNow).TotalMilliseconds)
}

function Assert-HmcBudget([int]$NeedMs, [string]$What) {
    $left = Get-HmcRemainingMs
    if ($left -lt $NeedMs) {
        $msg = 'budget exhausted: {0} ms left of the {1} s budget, not enough to {2}; the rule stops here, before IQService''s timeout ({3} s) would kill it.' -f [Math]::Max(0, $left), $script:Config.budgetSeconds, $What, $script:Config.timeoutSeconds
        throw (New-HmcFailure 'budget' $msg)
    }
}

# ExchHost of $env:Application (a bare Map, or an Application): $null without an application.
function Get-HmcApplicationHosts {
    if (-not $env:Application) { return $null }
    $hosts = @()
    try {
        $app = [sailpoint.Utils.xml.XmlFactory]::Instance.parseXml([string]$env:Application)
        foreach ($settings in @($app['exchangeSettings'])) {
            if ($null -eq $settings) { continue }
            foreach ($h in @($settings['ExchHost'])) { if ($h) { $hosts += [string]$h } }
        }
    } catch {
        Write-HmcLog 'WARNING' ('$env:Application could not be read for its ExchHost list: ' + $_.Exception.Message)
    }
    return , $hosts
}

function Test-HmcPort([string]$HostName, [int]$Port) {
    $wait = [Math]::Max(500, [Math]::Min(3000, (Get-HmcRemainingMs)))
    $client = New-Object System.Net.Sockets.TcpClient
    try {
        $pending = $client.BeginConnect($HostName, $Port, $null, $null)
        if (-not $pending.AsyncWaitHandle.WaitOne($wait)) { return $false }
        $client.EndConnect($pending)
        return $true
    } catch {
        # Refused, or a name that does not resolve: the host is not reachable; the caller logs it and moves on.
        return $false
    } finally {
        $client.Close()
    }
}

function Open-HmcSession([string]$HostName) {
    $left = Get-HmcRemainingMs
    $wantOpen = [int]$script:Config.openTimeoutSeconds * 1000
    $openMs = [Math]::Min($wantOpen, $left)
    if ($openMs -lt 1000) { Assert-HmcBudget 1000 ('open a session to ' + $HostName) }
    $opMs = [Math]::Min([int]$script:Config.operationTimeoutSeconds * 1000, $left)
    $option = New-PSSessionOption -OpenTimeout $openMs -OperationTimeout $opMs -CancelTimeout 5000
    $uri = '{0}://{1}/PowerShell/' -f $script:Config.scheme, $HostName
    $p = @{ ConfigurationName = 'Microsoft.Exchange'; ConnectionUri = $uri; Authentication = 'Kerberos'; SessionOption = $option; ErrorAction = 'Stop' }
    if ($null -ne $script:Credential) { $p['Credential'] = $script:Credential }
    $script:Session = @{ Host = $HostName; Session = $null; Module = $null; OperationMs = $opMs }
    try {
        $script:Session.Session = New-PSSession @p
    } catch {
        if ($openMs -lt $wantOpen -and (Get-HmcErrorClass $_) -eq 'timeout') {
            throw (New-HmcFailure 'budget' ('budget exhausted while opening a session to {0}: it did not open within the {1} ms left of the {2} s budget.' -f $HostName, $openMs, $script:Config.budgetSeconds))
        }
        throw
    }
    Assert-HmcBudget $opMs 'import the Exchange commands'
    $commands = @('Get-User', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Set-ADServerSettings')
    $script:Session.Module = Import-PSSession -Session $script:Session.Session -CommandName $commands -DisableNameChecking -AllowClobber -ErrorAction Stop
    Invoke-HmcCmdlet 'Set-ADServerSettings' @{ ViewEntireForest = $true } -NoDomainController | Out-Null
}

function Close-HmcSession {
    if ($null -eq $script:Session) { return }
    if ($null -ne $script:Session.Module) {
        Remove-Module -ModuleInfo $script:Session.Module -Force -ErrorAction SilentlyContinue
    }
    if ($null -ne $script:Session.Session) {
        try {
            Remove-PSSession -Session $script:Session.Session -ErrorAction Stop
        } catch {
            Write-HmcLog 'WARNING' ('The session to ' + $script:Session.Host + ' could not be removed: ' + $_.Exception.Message)
        }
    }
    $script:Session = $null
}

function Invoke-HmcCmdlet([string]$Name, [hashtable]$Parameters, [switch]$NoDomainController) {
    Assert-HmcBudget $script:Session.OperationMs ('run ' + $Name)
    $Parameters['ErrorAction'] = 'Stop'
    if ($script:DomainController -and -not $NoDomainController) { $Parameters['DomainController'] = $script:DomainController }
    return (& $Name @Parameters)
}

function Get-HmcState([string]$Identity) {
    $user = @(Invoke-HmcCmdlet 'Get-User' @{ Identity = $Identity })[0]
    $type = [string]$user.RecipientTypeDetails
    $state = @{ Guid = [string]$user.Guid; Type = $type; Hidden = $false; Routing = $null; Name = [string]$user.Name }
    if ($type -like 'Remote*Mailbox') {
        $remote = @(Invoke-HmcCmdlet 'Get-RemoteMailbox' @{ Identity = $state.Guid })[0]
        $state.Hidden = [bool]$remote.HiddenFromAddressListsEnabled
        $state.Routing = ([string]$remote.RemoteRoutingAddress) -replace '^(?i)smtp:', ''
    }
    return $state
}

function Invoke-HmcEnable($Facts) {
    $routing = Get-HmcRoutingAddress $Facts
    $before = Get-HmcState $Facts.Identity
    if ($before.Type -like 'Remote*Mailbox') {
        $script:Run.outcome = 'unchanged'
        $script:Run.message = 'Already a remote mailbox; nothing to do.'
        Write-HmcLog 'INFO' ('Already a remote mailbox (' + $before.Type + ', RemoteRoutingAddress ' + $before.Routing + '); nothing to do.')
        if ($routing -and $before.Routing -ne $routing) {
            Write-HmcLog 'WARNING' ('Its routing address ' + $before.Routing + ' differs from ' + $routing + ' (the template); repair it in the console''s mailbox desk if it is wrong.')
        }
        return
    }
    if ($before.Type -ne 'User') {
        throw (New-HmcFailure 'wrong-type' ('The account is a ' + $before.Type + ', not a plain AD user, so Enable-RemoteMailbox does not apply; look it up in the console''s mailbox desk.'))
    }
    $p = @{ Identity = $before.Guid }
    if ($routing) { $p['RemoteRoutingAddress'] = $routing } else { Write-HmcLog 'WARNING' 'No routing domain is known: Exchange picks the remote routing address from its address policy.' }
    Write-HmcLog 'INFO' ('Enable-RemoteMailbox ' + $Facts.Identity + ' -RemoteRoutingAddress ' + $routing + ' on ' + $script:Session.Host)
    Invoke-HmcCmdlet 'Enable-RemoteMailbox' $p | Out-Null
    $after = Get-HmcState $before.Guid
    if ($after.Type -notlike 'Remote*Mailbox' -or ($routing -and $after.Routing -ne $routing)) {
        throw (New-HmcFailure 'not-applied' ('Enable-RemoteMailbox returned without an error, but reading the account back shows ' + $after.Type + ' with routing address ' + $after.Routing + '; check it in the console before running it again.'))
    }
    $script:Run.outcome = 'changed'
    $script:Run.message = 'Remote mailbox enabled with routing address ' + $after.Routing + '.'
    Write-HmcLog 'INFO' ('Remote mailbox enabled: ' + $after.Type + ', RemoteRoutingAddress ' + $after.Routing + ' (read back).')
}

function Invoke-HmcSetHidden($Facts, [bool]$Hidden) {
    $want = 'hidden from the address lists'
    if (-not $Hidden) { $want = 'shown in the address lists' }
    $before = Get-HmcState $Facts.Identity
    if ($before.Type -eq 'User') {
        $script:Run.outcome = 'unchanged'
        $script:Run.message = 'Not mail-enabled, so in no address list; nothing to do.'
        Write-HmcLog 'INFO' 'The account is not mail-enabled (a plain AD user), so it is in no address list; nothing to do.'
        return
    }
    if ($before.Type -notlike 'Remote*Mailbox') {
        throw (New-HmcFailure 'wrong-type' ('The account is a ' + $before.Type + ', not a remote mailbox, so Set-RemoteMailbox does not apply; look it up in the console''s mailbox desk.'))
    }
    if ($before.Hidden -eq $Hidden) {
        $script:Run.outcome = 'unchanged'
        $script:Run.message = 'Already ' + $want + '; nothing to do.'
        Write-HmcLog 'INFO' ('Already ' + $want + '; nothing to do.')
        return
    }
    Write-HmcLog 'INFO' ('Set-RemoteMailbox ' + $Facts.Identity + ' -HiddenFromAddressListsEnabled $' + $Hidden.ToString().ToLowerInvariant() + ' on ' + $script:Session.Host)
    Invoke-HmcCmdlet 'Set-RemoteMailbox' @{ Identity = $before.Guid; HiddenFromAddressListsEnabled = $Hidden } | Out-Null
    $after = Get-HmcState $before.Guid
    if ($after.Hidden -ne $Hidden) {
        throw (New-HmcFailure 'not-applied' ('Set-RemoteMailbox returned without an error, but reading the account back shows HiddenFromAddressListsEnabled ' + $after.Hidden + '; check it in the console before running it again.'))
    }
    $script:Run.outcome = 'changed'
    $script:Run.message = 'Remote mailbox ' + $want + '.'
    Write-HmcLog 'INFO' ('Remote mailbox ' + $want + ' (HiddenFromAddressListsEnabled ' + $after.Hidden + ', read back).')
}

function Invoke-HmcAction($Decision, $Facts) {
    switch ($Decision.Action) {
        'enable-remote-mailbox' { Invoke-HmcEnable $Facts }
        'hide-from-address-lists' { Invoke-HmcSetHidden $Facts $true }
        'unhide-from-address-lists' { Invoke-HmcSetHidden $Facts $false }
    }
}

# Tries each host in order; leaves the loop after the first host that did the work. The work reads the
# account first, so a host lost half-way is safe to retry on the next one.
function Invoke-HmcOnExchange($Decision, $Facts) {
    $hosts = @($Facts.Hosts)
    if ($hosts.Count -eq 0) {
        throw (New-HmcFailure 'config' 'No Exchange host: the settings name none and $env:Application has no ExchHost; add the Exchange servers (exchange.hosts) and generate the rule again.')
    }
    $problems = @()
    $lastClass = 'unreachable'
    foreach ($h in $hosts) {
        $script:Run.host = $h
        Assert-HmcBudget 1000 ('try the Exchange host ' + $h)
        if (-not (Test-HmcPort $h ([int]$script:Config.port))) {
            $problems += ('{0}: TCP port {1} does not answer' -f $h, $script:Config.port)
            Write-HmcLog 'WARNING' ('Exchange host {0}: TCP port {1} does not answer; trying the next host.' -f $h, $script:Config.port)
            $lastClass = 'unreachable'
            continue
        }
        try {
            Open-HmcSession $h
            Write-HmcLog 'INFO' ('Session opened on ' + $h + ' (' + $script:Config.scheme + ', Kerberos).')
            Invoke-HmcAction $Decision $Facts
            return
        } catch {
            $class = Get-HmcErrorClass $_
            if ($class -ne 'unreachable' -and $class -ne 'auth' -and $class -ne 'timeout') { throw }
            $problems += ('{0}: {1}' -f $h, (Get-HmcErrorText $_))
            $lastClass = $class
            Write-HmcLog 'WARNING' ('Exchange host {0} failed ({1}): {2}; trying the next host.' -f $h, $class, (Get-HmcErrorText $_))
        } finally {
            Close-HmcSession
        }
    }
    throw (New-HmcFailure $lastClass ('No Exchange host could do the work: ' + ($problems -join '; ') + '.'))
}
