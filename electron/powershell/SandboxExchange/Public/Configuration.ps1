# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Set-/Get-SandboxConfiguration: the directory file and sync delay the console chose (not Exchange cmdlets).

function Set-SandboxConfiguration {
    [CmdletBinding()]
    param([string]$DirectoryPath, [Nullable[int]]$SyncDelaySeconds)
    if ($PSBoundParameters.ContainsKey('DirectoryPath')) { $script:Config.DirectoryPath = $DirectoryPath }
    if ($PSBoundParameters.ContainsKey('SyncDelaySeconds')) { $script:Config.SyncDelaySeconds = $SyncDelaySeconds }
    $script:Cache.Path = $null
}

function Get-SandboxConfiguration {
    [CmdletBinding()]
    param()
    [pscustomobject]@{
        DirectoryPath    = Get-SandboxDirectoryPath
        SyncDelaySeconds = Get-SandboxSyncDelay
        ViewEntireForest = [bool]$script:ServerSettings.ViewEntireForest
    }
}
