# Replay harness: what the rule would send over the network, kept on this machine.
# Dot-sourced by Start-HmcReplay.ps1 into its script scope, so these functions shadow the cmdlets for the
# replayed script (a child scope) but not inside modules (the sandbox keeps the real New-Object).
#  - System.Net.Sockets.TcpClient (New-Object): a stand-in that answers per host (up, or refused when down).
#  - System.Net.Mail.SmtpClient (New-Object) and Send-MailMessage: sent to the loopback SMTP capture.
#  - Test-Connection / Test-NetConnection: answered from the host table, no ICMP or TCP leaves.
#  - Add-Type -Path ...utils.dll: the sailpoint.Utils stand-in.
#  - New-PSSessionOption: the real option object, also where PowerShell has no WSMan client (Linux, macOS).

function global:Get-HmcReplayHostFault([string]$HostName) {
    $key = ([string]$HostName).Trim().ToLowerInvariant()
    $faults = $global:HmcReplay.Faults
    if ($faults.ContainsKey($key)) { return [string]$faults[$key] }
    return 'ok'
}

function global:New-HmcReplayTcpClient {
    $client = [pscustomobject]@{ Connected = $false; HmcHost = $null; HmcPort = 0 }
    $connect = {
        param([string]$HostName, [int]$Port)
        $fault = Get-HmcReplayHostFault $HostName
        Write-HmcReplayEvent 'port-probe' @{ host = $HostName; port = $Port; open = ($fault -ne 'down') }
        $this.HmcHost = $HostName
        $this.HmcPort = $Port
        if ($fault -eq 'down') { return (New-Object System.Net.Sockets.SocketException(10061)) }
        $this.Connected = $true
        return $null
    }
    Add-Member -InputObject $client -MemberType ScriptMethod -Name HmcConnect -Value $connect
    Add-Member -InputObject $client -MemberType ScriptMethod -Name Connect -Value {
        param([string]$HostName, [int]$Port)
        $err = $this.HmcConnect($HostName, $Port)
        if ($null -ne $err) { throw $err }
    }
    Add-Member -InputObject $client -MemberType ScriptMethod -Name BeginConnect -Value {
        param([string]$HostName, [int]$Port, $Callback, $State)
        $err = $this.HmcConnect($HostName, $Port)
        $done = New-Object System.Threading.ManualResetEvent($true)
        return [pscustomobject]@{ AsyncWaitHandle = $done; IsCompleted = $true; CompletedSynchronously = $true; AsyncState = $State; HmcError = $err }
    }
    Add-Member -InputObject $client -MemberType ScriptMethod -Name EndConnect -Value {
        param($Pending)
        if ($null -ne $Pending.HmcError) { throw $Pending.HmcError }
    }
    Add-Member -InputObject $client -MemberType ScriptMethod -Name ConnectAsync -Value {
        param([string]$HostName, [int]$Port)
        $err = $this.HmcConnect($HostName, $Port)
        if ($null -ne $err) { return [System.Threading.Tasks.Task]::FromException($err) }
        return [System.Threading.Tasks.Task]::CompletedTask
    }
    Add-Member -InputObject $client -MemberType ScriptMethod -Name GetStream -Value {
        throw (New-Object System.NotSupportedException('The replay harness answers connection checks only; it carries no data to Exchange hosts.'))
    }
    Add-Member -InputObject $client -MemberType ScriptMethod -Name Close -Value { $this.Connected = $false }
    Add-Member -InputObject $client -MemberType ScriptMethod -Name Dispose -Value { $this.Connected = $false }
    $client.PSObject.TypeNames.Insert(0, 'System.Net.Sockets.TcpClient')
    return $client
}

function global:Set-HmcReplaySmtpClient($Client, [string]$HostName, [int]$Port) {
    Add-Member -InputObject $Client -MemberType NoteProperty -Name HmcHost -Value $HostName
    Add-Member -InputObject $Client -MemberType NoteProperty -Name HmcPort -Value $Port
    Add-Member -InputObject $Client -MemberType NoteProperty -Name HmcSsl -Value $false
    Add-Member -InputObject $Client -MemberType ScriptProperty -Name Host -Value { $this.HmcHost } -SecondValue { param($v) $this.HmcHost = [string]$v } -Force
    Add-Member -InputObject $Client -MemberType ScriptProperty -Name Port -Value { $this.HmcPort } -SecondValue { param($v) $this.HmcPort = [int]$v } -Force
    Add-Member -InputObject $Client -MemberType ScriptProperty -Name EnableSsl -Value { $this.HmcSsl } -SecondValue { param($v) $this.HmcSsl = [bool]$v } -Force
    Add-Member -InputObject $Client -MemberType ScriptMethod -Name Send -Force -Value {
        $base = $this.PSObject.BaseObject
        $type = [System.Net.Mail.SmtpClient]
        $cred = $type.GetProperty('Credentials').GetValue($base)
        $user = $null
        if ($cred -is [System.Net.NetworkCredential] -and $cred.UserName) { $user = $cred.UserName }
        $default = [bool]$type.GetProperty('UseDefaultCredentials').GetValue($base)
        Write-HmcReplayEvent 'smtp-send' @{ via = 'SmtpClient'; host = $this.HmcHost; port = $this.HmcPort; enableSsl = $this.HmcSsl; credentialUser = $user; defaultCredentials = $default }
        if ($args.Count -eq 1) {
            $m = $type.GetMethod('Send', [type[]]@([System.Net.Mail.MailMessage]))
            [void]$m.Invoke($base, [object[]]@($args[0].PSObject.BaseObject))
        } else {
            $m = $type.GetMethod('Send', [type[]]@([string], [string], [string], [string]))
            [void]$m.Invoke($base, [object[]]@([string]$args[0], [string]$args[1], [string]$args[2], [string]$args[3]))
        }
    }
}

function New-Object {
    [CmdletBinding(DefaultParameterSetName = 'Net')]
    param(
        [Parameter(ParameterSetName = 'Net', Mandatory = $true, Position = 0)][string]$TypeName,
        [Parameter(ParameterSetName = 'Com', Mandatory = $true)][string]$ComObject,
        [Parameter(ParameterSetName = 'Net', Position = 1)][Alias('Args')][object[]]$ArgumentList,
        [Parameter(ParameterSetName = 'Com')][switch]$Strict,
        [System.Collections.IDictionary]$Property
    )
    $short = ([string]$TypeName) -replace '^(?i)System\.', ''
    if ($short -ieq 'Net.Sockets.TcpClient') {
        $client = New-HmcReplayTcpClient
        if ($ArgumentList -and $ArgumentList.Count -ge 2) { $client.Connect([string]$ArgumentList[0], [int]$ArgumentList[1]) }
        return $client
    }
    if ($short -ieq 'Net.Mail.SmtpClient') {
        $wantHost = $null
        $wantPort = 25
        if ($ArgumentList -and $ArgumentList.Count -ge 1) { $wantHost = [string]$ArgumentList[0] }
        if ($ArgumentList -and $ArgumentList.Count -ge 2) { $wantPort = [int]$ArgumentList[1] }
        $smtp = Microsoft.PowerShell.Utility\New-Object System.Net.Mail.SmtpClient($global:HmcReplay.Smtp.host, [int]$global:HmcReplay.Smtp.port)
        Set-HmcReplaySmtpClient $smtp $wantHost $wantPort
        if ($Property) { foreach ($k in $Property.Keys) { $smtp.$k = $Property[$k] } }
        return $smtp
    }
    Microsoft.PowerShell.Utility\New-Object @PSBoundParameters
}

function Send-MailMessage {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string[]]$To,
        [Parameter(Position = 1)][string]$Subject,
        [Parameter(Position = 2)][string]$Body,
        [Parameter(Position = 3)][Alias('ComputerName')][string]$SmtpServer,
        [Parameter(Mandatory = $true)][string]$From,
        [string[]]$Attachments, [string[]]$Bcc, [string[]]$Cc, [switch]$BodyAsHtml, [object]$Encoding,
        [object]$DeliveryNotificationOption, [object]$Priority, [string[]]$ReplyTo,
        [System.Management.Automation.PSCredential]$Credential, [switch]$UseSsl, [int]$Port = 25
    )
    $p = @{}
    foreach ($k in $PSBoundParameters.Keys) { if ($k -notin @('SmtpServer', 'Port', 'UseSsl')) { $p[$k] = $PSBoundParameters[$k] } }
    $user = $null
    if ($Credential) { $user = $Credential.UserName }
    Write-HmcReplayEvent 'smtp-send' @{ via = 'Send-MailMessage'; host = $SmtpServer; port = $Port; enableSsl = [bool]$UseSsl; credentialUser = $user; defaultCredentials = $false }
    Microsoft.PowerShell.Utility\Send-MailMessage -SmtpServer $global:HmcReplay.Smtp.host -Port ([int]$global:HmcReplay.Smtp.port) @p -WarningAction SilentlyContinue
}

# Both editions' parameter names are accepted; nothing is sent: the answer comes from the host table.
function Test-Connection {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true, Position = 0)][Alias('CN', 'IPAddress', '__SERVER', 'Server', 'Destination', 'TargetName')][string[]]$ComputerName,
        [int]$Count = 4, [switch]$Quiet, [int]$Delay, [int]$BufferSize, [int]$TimeToLive, [int]$TimeoutSeconds, [int]$MaxHops,
        [switch]$IPv4, [switch]$IPv6, [switch]$ResolveDestination, [string[]]$Source, [switch]$Ping, [int]$TcpPort, [switch]$Traceroute,
        [switch]$Repeat, [switch]$AsJob, [System.Management.Automation.PSCredential]$Credential, [object]$Authentication,
        [object]$DcomAuthentication, [object]$Impersonation, [object]$Protocol, [object]$WsmanAuthentication, [int]$ThrottleLimit
    )
    foreach ($c in $ComputerName) {
        $up = (Get-HmcReplayHostFault $c) -ne 'down'
        Write-HmcReplayEvent 'icmp' @{ host = $c; answered = $up }
        if ($Quiet) { $up } elseif ($up) { [pscustomobject]@{ Address = $c; Destination = $c; Status = 'Success'; ResponseTime = 1 } } else {
            Write-Error -Message ('Testing connection to computer ''{0}'' failed: Error due to lack of resources' -f $c) -Category ResourceUnavailable -ErrorId 'TestConnectionException,Microsoft.PowerShell.Commands.TestConnectionCommand'
        }
    }
}

function Test-NetConnection {
    [CmdletBinding()]
    param([Parameter(Position = 0)][Alias('RemoteAddress', 'cn')][string]$ComputerName, [int]$Port, [string]$CommonTCPPort,
        [ValidateSet('Quiet', 'Detailed')][string]$InformationLevel = 'Detailed', [switch]$TraceRoute, [int]$Hops)
    $up = (Get-HmcReplayHostFault $ComputerName) -ne 'down'
    Write-HmcReplayEvent 'port-probe' @{ host = $ComputerName; port = $Port; open = $up }
    if ($InformationLevel -eq 'Quiet') { return $up }
    [pscustomobject]@{ ComputerName = $ComputerName; RemotePort = $Port; TcpTestSucceeded = $up; PingSucceeded = $up }
}

function Add-Type {
    [CmdletBinding(DefaultParameterSetName = 'FromSource')]
    param(
        [Parameter(ParameterSetName = 'FromSource', Mandatory = $true, Position = 0)][string[]]$TypeDefinition,
        [Parameter(ParameterSetName = 'FromMember', Mandatory = $true, Position = 0)][string]$Name,
        [Parameter(ParameterSetName = 'FromMember', Mandatory = $true, Position = 1)][string[]]$MemberDefinition,
        [Parameter(ParameterSetName = 'FromMember')][Alias('NS')][string]$Namespace,
        [Parameter(ParameterSetName = 'FromMember')][Alias('Using')][string[]]$UsingNamespace,
        [Parameter(ParameterSetName = 'FromPath', Mandatory = $true, Position = 0)][string[]]$Path,
        [Parameter(ParameterSetName = 'FromLiteralPath', Mandatory = $true)][Alias('PSPath', 'LP')][string[]]$LiteralPath,
        [Parameter(ParameterSetName = 'FromAssemblyName', Mandatory = $true)][Alias('AN')][string[]]$AssemblyName,
        [object]$Language, [Alias('RA')][string[]]$ReferencedAssemblies, [Alias('OA')][string]$OutputAssembly,
        [Alias('OT')][object]$OutputType, [switch]$PassThru, [switch]$IgnoreWarnings, [string[]]$CompilerOptions
    )
    $files = @(@($Path) + @($LiteralPath) | Where-Object { $_ })
    if (@($files | Where-Object { ([string]$_) -match '(?i)(^|[\\/])utils\.dll$' }).Count -gt 0) {
        Write-HmcReplayEvent 'add-type' @{ path = ($files -join ', '); standIn = $true }
        Microsoft.PowerShell.Utility\Add-Type -LiteralPath $global:HmcReplay.StandInPath -PassThru:$PassThru
        return
    }
    Microsoft.PowerShell.Utility\Add-Type @PSBoundParameters
}

if (-not (Get-Command Microsoft.PowerShell.Core\New-PSSessionOption).Parameters.ContainsKey('OpenTimeout')) {
    # PowerShell without a WSMan client offers only -SkipCACheck/-SkipCNCheck here; Windows has the full set.
    function New-PSSessionOption {
        [CmdletBinding()]
        param([int]$OpenTimeout = -1, [int]$OperationTimeout = -1, [int]$CancelTimeout = -1, [int]$IdleTimeout = -1,
            [switch]$SkipCACheck, [switch]$SkipCNCheck, [switch]$SkipRevocationCheck, [switch]$NoCompression, [int]$MaximumRedirection = -1,
            [Parameter(ValueFromRemainingArguments = $true)]$Rest)
        $o = New-Object System.Management.Automation.Remoting.PSSessionOption
        if ($OpenTimeout -ge 0) { $o.OpenTimeout = [TimeSpan]::FromMilliseconds($OpenTimeout) }
        if ($OperationTimeout -ge 0) { $o.OperationTimeout = [TimeSpan]::FromMilliseconds($OperationTimeout) }
        if ($CancelTimeout -ge 0) { $o.CancelTimeout = [TimeSpan]::FromMilliseconds($CancelTimeout) }
        if ($IdleTimeout -ge 0) { $o.IdleTimeout = [TimeSpan]::FromMilliseconds($IdleTimeout) }
        $o.SkipCACheck = [bool]$SkipCACheck
        $o.SkipCNCheck = [bool]$SkipCNCheck
        $o.SkipRevocationCheck = [bool]$SkipRevocationCheck
        $o.NoCompression = [bool]$NoCompression
        if ($MaximumRedirection -ge 0) { $o.MaximumConnectionRedirectionCount = $MaximumRedirection }
        return $o
    }
}
