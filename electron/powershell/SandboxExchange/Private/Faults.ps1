# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Where the directory is, the sync delay, and fault injection (HMC_SANDBOX_* variables, read on every call).

function Get-SandboxDirectoryPath {
    if ($script:Config.DirectoryPath) { return $script:Config.DirectoryPath }
    if ($env:HMC_SANDBOX_DIRECTORY) { return $env:HMC_SANDBOX_DIRECTORY }
    return (Join-Path ([System.IO.Path]::GetTempPath()) 'hmc-sandbox-directory.json')
}

function Get-SandboxSyncDelay {
    if ($null -ne $script:Config.SyncDelaySeconds) { return [int]$script:Config.SyncDelaySeconds }
    $v = 0
    if ($env:HMC_SANDBOX_SYNC_DELAY_SECONDS -and [int]::TryParse($env:HMC_SANDBOX_SYNC_DELAY_SECONDS, [ref]$v)) { return $v }
    return 30
}

function Test-SandboxListed([string]$List, [string]$Name) {
    if (-not $List) { return $false }
    foreach ($item in $List.Split(',')) {
        $t = $item.Trim()
        if ($t -eq '*' -or $t -eq $Name) { return $true }
    }
    return $false
}

function Invoke-SandboxFault {
    param([string]$CmdletName, $Cmdlet)
    $script:CurrentCmdlet = $CmdletName
    if ($env:HMC_SANDBOX_DELAY_MS) {
        if (-not $env:HMC_SANDBOX_DELAY_CMDLETS -or (Test-SandboxListed $env:HMC_SANDBOX_DELAY_CMDLETS $CmdletName)) {
            Start-Sleep -Milliseconds ([int]$env:HMC_SANDBOX_DELAY_MS)
        }
    }
    if ($env:HMC_SANDBOX_TRANSPORT_FAILURES -and (-not $env:HMC_SANDBOX_TRANSPORT_CMDLETS -or (Test-SandboxListed $env:HMC_SANDBOX_TRANSPORT_CMDLETS $CmdletName))) {
        $statePath = (Get-SandboxDirectoryPath) + '.faults.json'
        $configured = [string]$env:HMC_SANDBOX_TRANSPORT_FAILURES
        $remaining = [int]$configured
        # The counter is shared by every process on the directory: count down under the directory lock.
        Enter-SandboxLock $Cmdlet
        try {
            if (Test-Path -LiteralPath $statePath) {
                $state = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($statePath, $script:Utf8))
                if ([string]$state.configured -eq $configured) { $remaining = [int]$state.remaining }
            }
            if ($remaining -gt 0) {
                Write-SandboxFile -Path $statePath -Text (ConvertTo-Json -Compress -InputObject ([ordered]@{ configured = $configured; remaining = ($remaining - 1) }))
            }
        } finally {
            Exit-SandboxLock
        }
        if ($remaining -gt 0) {
            $org = (Get-SandboxData).organization
            $ex = New-Object System.Management.Automation.Remoting.PSRemotingTransportException(
                ('Processing data from remote server {0} failed with the following error message: The WinRM client cannot complete the operation within the time specified. Check if the machine name is valid and is reachable over the network and firewall exception for Windows Remote Management service is enabled.' -f $org.server))
            $ex.ErrorCode = -2144108250
            $er = New-Object System.Management.Automation.ErrorRecord($ex, 'JobFailure', [System.Management.Automation.ErrorCategory]::OperationStopped, $null)
            $Cmdlet.ThrowTerminatingError($er)
        }
    }
    if ((Test-SandboxListed $env:HMC_SANDBOX_DIE_IN $CmdletName) -and $env:HMC_SANDBOX_DIE_AFTER_WRITE -ne '1') {
        [System.Environment]::Exit(137)
    }
}

function Invoke-SandboxDieAfterWrite([string]$CmdletName) {
    if ((Test-SandboxListed $env:HMC_SANDBOX_DIE_IN $CmdletName) -and $env:HMC_SANDBOX_DIE_AFTER_WRITE -eq '1') {
        [System.Environment]::Exit(137)
    }
}
