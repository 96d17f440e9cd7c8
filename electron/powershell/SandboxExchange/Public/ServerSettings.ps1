# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Set-/Get-ADServerSettings: the session's recipient scope.

function Set-ADServerSettings {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [bool]$ViewEntireForest,
        [string]$RecipientViewRoot,
        [string]$PreferredServer,
        [string]$PreferredGlobalCatalog,
        [string[]]$SetPreferredDomainControllers,
        [string]$ConfigurationDomainController,
        [switch]$ClearPreferredDomainControllers
    )
    Invoke-SandboxFault 'Set-ADServerSettings' $PSCmdlet
    if ($PSBoundParameters.ContainsKey('ViewEntireForest')) { $script:ServerSettings.ViewEntireForest = $ViewEntireForest }
    if ($PSBoundParameters.ContainsKey('RecipientViewRoot')) { $script:ServerSettings.RecipientViewRoot = $RecipientViewRoot; $script:ServerSettings.ViewEntireForest = $false }
    if ($PSBoundParameters.ContainsKey('PreferredServer')) { $script:ServerSettings.PreferredServer = $PreferredServer }
    if ($PSBoundParameters.ContainsKey('PreferredGlobalCatalog')) { $script:ServerSettings.PreferredGlobalCatalog = $PreferredGlobalCatalog }
}

function Get-ADServerSettings {
    [CmdletBinding()]
    param()
    [pscustomobject]@{
        ViewEntireForest       = [bool]$script:ServerSettings.ViewEntireForest
        RecipientViewRoot      = $script:ServerSettings.RecipientViewRoot
        PreferredServer        = $script:ServerSettings.PreferredServer
        PreferredGlobalCatalog = $script:ServerSettings.PreferredGlobalCatalog
    }
}
