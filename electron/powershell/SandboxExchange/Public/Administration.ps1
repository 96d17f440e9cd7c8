# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Sandbox administration (not Exchange cmdlets): reset to the seed, add a user.

function Reset-SandboxDirectory {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param()
    if (-not $PSCmdlet.ShouldProcess((Get-SandboxDirectoryPath), 'Reset the sandbox directory')) { return }
    Enter-SandboxLock $PSCmdlet
    try {
        $data = New-SandboxSeed
        Save-SandboxData $data
        $faults = (Get-SandboxDirectoryPath) + '.faults.json'
        if (Test-Path -LiteralPath $faults) { Remove-Item -LiteralPath $faults -Force }
    } finally {
        Exit-SandboxLock
    }
    [pscustomobject]@{ DirectoryPath = Get-SandboxDirectoryPath; Users = @($data.users).Count }
}

function Add-SandboxUser {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0)][string]$SamAccountName,
        [string]$UserPrincipalName,
        [string]$Name,
        [string]$DisplayName,
        [string]$FirstName,
        [string]$LastName,
        [ValidateSet('User', 'RemoteUserMailbox', 'UserMailbox', 'MailUser')][string]$RecipientTypeDetails = 'User',
        [string]$DistinguishedName
    )
    Invoke-SandboxFault 'Add-SandboxUser' $PSCmdlet
    Enter-SandboxLock $PSCmdlet
    try {
        $data = Get-SandboxData -Fresh
        foreach ($u in $data.users) {
            $clash = ($u.SamAccountName -ieq $SamAccountName) -or ($UserPrincipalName -and $u.UserPrincipalName -ieq $UserPrincipalName)
            if ($Name -and $u.Domain -ne 'child' -and $u.Name -ieq $Name) { $clash = $true }
            if ($clash) {
                Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException' ('Active Directory already contains an object named ''{0}''.' -f $SamAccountName) 'InvalidArgument' 'NewUser' $SamAccountName
            }
        }
        $spec = @{ SamAccountName = $SamAccountName; UserPrincipalName = $UserPrincipalName; Name = $Name; DisplayName = $null
            FirstName = $FirstName; LastName = $LastName; RecipientTypeDetails = $RecipientTypeDetails; DistinguishedName = $DistinguishedName }
        if ($PSBoundParameters.ContainsKey('DisplayName')) { $spec.DisplayName = $DisplayName }
        if (-not $PSCmdlet.ShouldProcess($SamAccountName, 'Add a sandbox user')) { return }
        $user = New-SandboxUserRecord $data $spec
        $data.users = @($data.users) + @($user)
        Save-SandboxData $data
        return (ConvertTo-SandboxUserOutput $user)
    } finally {
        Exit-SandboxLock
    }
}
