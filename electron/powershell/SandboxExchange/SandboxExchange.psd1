@{
    RootModule        = 'SandboxExchange.psm1'
    ModuleVersion     = '1.0.0'
    GUID              = '5d6f3a8e-7c1b-4f7e-9a51-2b0f6c3e9d14'
    Author            = 'Hybrid Mailbox Console'
    Description       = 'A simulated on-premises Exchange (hybrid recipient cmdlets) over a JSON directory file. For demos and tests only.'
    PowerShellVersion = '5.1'
    FunctionsToExport = @(
        'Get-User', 'Get-Recipient', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox',
        'Disable-RemoteMailbox', 'Set-ADServerSettings', 'Get-ADServerSettings',
        'Set-SandboxConfiguration', 'Get-SandboxConfiguration', 'Reset-SandboxDirectory', 'Add-SandboxUser'
    )
    CmdletsToExport   = @()
    VariablesToExport = @()
    AliasesToExport   = @()
}
