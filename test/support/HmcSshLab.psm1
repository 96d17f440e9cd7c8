# HmcSshLab: test laboratory only, never shipped. The sandbox Exchange module behind a real remote
# PowerShell session over SSH (to 127.0.0.1), brought in with Import-PSSession exactly like Exchange
# (which the console reaches over WSMan, see Connect-HmcRemote), so that deserialised objects and
# errors raised through implicit remoting are exercised. Host-key checking is off: the SSH server
# is the test's own, started with a fresh key a moment before.
#
# Loaded into the console's PowerShell by the host's start line (PsHost's extraModules), which adds
# Connect-HmcSshLab to HmcHost's allow-list; hands its session to HmcHost's Register-HmcRemoteSession.

Set-StrictMode -Off

function Connect-HmcSshLab {
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
    $commands = @('Get-User', 'Get-Recipient', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox', 'Disable-RemoteMailbox',
        'Set-ADServerSettings', 'Reset-SandboxDirectory', 'Add-SandboxUser')
    $imported = Import-PSSession -Session $session -CommandName $commands -DisableNameChecking -AllowClobber -ErrorAction Stop
    Register-HmcRemoteSession -Session $session -Imported $imported
    Set-ADServerSettings -ViewEntireForest $true -ErrorAction Stop
    [pscustomobject]@{ Mode = 'remote'; Host = ('ssh://{0}:{1}' -f $HostName, $Port); DirectoryPath = $DirectoryPath; PSVersion = $PSVersionTable.PSVersion.ToString() }
}

Export-ModuleMember -Function @('Connect-HmcSshLab')
