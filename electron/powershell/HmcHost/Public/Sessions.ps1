# Part of HmcHost (dot-sourced by HmcHost.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# The Exchange session in each mode (remote, snapin, sandbox): host names and credentials arrive only as parameters.

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
    Register-HmcRemoteSession -Session $session -Imported $imported
    Set-ADServerSettings -ViewEntireForest $true -ErrorAction Stop
    [pscustomobject]@{ Mode = 'remote'; Host = $connected; DirectoryPath = $null; PSVersion = $PSVersionTable.PSVersion.ToString() }
}

function Register-HmcRemoteSession {
    # Makes an open remote session, and the module Import-PSSession generated from it, the ones every
    # call uses (and Disconnect-HmcExchange removes). Also used by the test laboratory's SSH session;
    # not in the allow-list, so no request can call it.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)]$Session, [Parameter(Mandatory = $true)]$Imported)
    $script:ImportedModule = Import-Module -ModuleInfo $Imported -Global -DisableNameChecking -Force -PassThru -ErrorAction Stop
    $script:Session = $Session
    $script:Mode = 'remote'
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
