# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Finding users by any identity form, ANR, scope (ViewEntireForest), and the objects the cmdlets return.

function Test-SandboxInScope($User) {
    return ($User.Domain -ne 'child') -or [bool]$script:ServerSettings.ViewEntireForest
}

function Update-SandboxIndex($Data) {
    # Ordinal, case-insensitive: culture-aware comparison would treat some characters as ignorable.
    $idx = New-Object 'System.Collections.Generic.Dictionary[string,object]' ([System.StringComparer]::OrdinalIgnoreCase)
    $org = $Data.organization
    foreach ($u in $Data.users) {
        $net = [string]$org.netbios
        $domain = [string]$org.forest
        if ($u.Domain -eq 'child') { $net = [string]$org.childNetbios; $domain = [string]$org.childDomain }
        $keys = @($u.Guid, $u.DistinguishedName, $u.UserPrincipalName, ($net + '\' + $u.SamAccountName), $u.SamAccountName, $u.Name,
            ($domain + '/Users/' + $u.Name), $u.Alias, $u.PrimarySmtpAddress)
        # Like Exchange's -Identity, every SMTP proxy address finds its recipient, not only the primary one.
        foreach ($e in @($u.EmailAddresses)) {
            if ($e -and ([string]$e) -match '^(?i)smtp:') { $keys += ([string]$e).Substring(5) }
        }
        foreach ($k in $keys) {
            if (-not $k) { continue }
            $list = $null
            if (-not $idx.TryGetValue([string]$k, [ref]$list)) {
                $list = New-Object System.Collections.Generic.List[object]
                $idx[[string]$k] = $list
            }
            if (-not $list.Contains($u)) { $list.Add($u) }
        }
    }
    $script:Cache.Index = $idx
}

function Find-SandboxUsers($Data, [string]$Identity) {
    if ($null -eq $script:Cache.Index -or -not [object]::ReferenceEquals($script:Cache.IndexData, $Data)) {
        Update-SandboxIndex $Data
        $script:Cache.IndexData = $Data
    }
    $hits = New-Object System.Collections.Generic.List[object]
    # A GUID may come in braces, an address with its proxy prefix (SMTP:user@domain), as Exchange accepts both.
    foreach ($key in @($Identity, $Identity.Trim('{', '}'), (Get-SandboxProxyValue $Identity))) {
        $list = $null
        if ($key -and $script:Cache.Index.TryGetValue($key, [ref]$list)) {
            foreach ($u in $list) {
                if ((Test-SandboxInScope $u) -and -not $hits.Contains($u)) { $hits.Add($u) }
            }
        }
    }
    return $hits.ToArray()
}

function Resolve-SandboxUser($Cmdlet, $Data, [string]$Identity, [string]$CmdletClass, [string[]]$Types) {
    $found = @(Find-SandboxUsers $Data $Identity)
    if ($Types) { $found = @($found | Where-Object { $Types -contains $_.RecipientTypeDetails }) }
    if ($found.Count -eq 0) { Throw-NotFound $Cmdlet $Identity $CmdletClass }
    if ($found.Count -gt 1) {
        $msg = "The operation couldn't be performed because '{0}' matches multiple entries." -f $Identity
        Throw-Sandbox $Cmdlet 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException' $msg 'NotSpecified' $CmdletClass $Identity
    }
    Update-SandboxSync $found[0]
    return $found[0]
}

function Test-SandboxAnr($User, [string]$Anr) {
    $a = $Anr.Trim()
    if (-not $a) { return $false }
    foreach ($v in @($User.Name, $User.DisplayName, $User.FirstName, $User.LastName, $User.SamAccountName, $User.Alias, $User.PrimarySmtpAddress,
            (('{0} {1}' -f $User.FirstName, $User.LastName)), (('{0} {1}' -f $User.LastName, $User.FirstName)))) {
        if ($v -and ([string]$v).StartsWith($a, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Get-SandboxLimit($ResultSize) {
    if ([string]$ResultSize -eq 'Unlimited') { return [int]::MaxValue }
    return [int]$ResultSize
}

function Get-SandboxProxyValue([string]$Address) {
    $a = $Address
    if ($a -match '^(?i)smtp:') { $a = $a.Substring(5) }
    return $a
}

function Assert-SandboxSmtp($Cmdlet, [string]$Address, [string]$CmdletClass, [string]$Parameter) {
    $plain = Get-SandboxProxyValue $Address
    $at = $plain.LastIndexOf('@')
    if ($at -lt 1 -or $at -eq $plain.Length - 1 -or $plain -match '\s') {
        $msg = 'Cannot process argument transformation on parameter ''{0}''. The address ''{1}'' is invalid: "{1}" isn''t a valid SMTP address. The domain name can''t contain spaces and it has to have a prefix and a suffix, such as example.com.' -f $Parameter, $Address
        Throw-Sandbox $Cmdlet 'Microsoft.Exchange.Data.DataValidationException' $msg 'InvalidData' $CmdletClass $Address
    }
    return $plain
}

function ConvertTo-SandboxDate($Text) {
    if (-not $Text) { return $null }
    return [DateTime]::Parse([string]$Text, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::RoundtripKind).ToUniversalTime()
}

function ConvertTo-SandboxUserOutput($User) {
    $o = [pscustomobject][ordered]@{
        Identity             = Get-SandboxCanonical $User
        Name                 = $User.Name
        DisplayName          = $User.DisplayName
        FirstName            = $User.FirstName
        LastName             = $User.LastName
        SamAccountName       = $User.SamAccountName
        UserPrincipalName    = $User.UserPrincipalName
        DistinguishedName    = $User.DistinguishedName
        Guid                 = [guid]$User.Guid
        RecipientType        = (Get-SandboxRecipientType $User)
        RecipientTypeDetails = $User.RecipientTypeDetails
        WhenCreated          = ConvertTo-SandboxDate $User.WhenCreated
        WhenChanged          = ConvertTo-SandboxDate $User.WhenChanged
        OriginatingServer    = Get-SandboxDc
        IsValid              = $true
    }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.Exchange.Data.Directory.Management.User')
    return $o
}

function Get-SandboxRecipientType($User) {
    switch -Wildcard ($User.RecipientTypeDetails) {
        'User' { return 'User' }
        'UserMailbox' { return 'UserMailbox' }
        default { return 'MailUser' }
    }
}

function Get-SandboxParentOf([string]$Dn) {
    $at = $Dn.IndexOf('OU=')
    if ($at -lt 0) { $at = $Dn.IndexOf(',') + 1 }
    return $Dn.Substring([Math]::Max(0, $at))
}

function ConvertTo-SandboxRecipientOutput($User) {
    $exGuid = $null
    if ($User.ExchangeGuid) { $exGuid = [guid]$User.ExchangeGuid }
    $o = [pscustomobject][ordered]@{
        Identity                      = Get-SandboxCanonical $User
        Name                          = $User.Name
        Alias                         = $User.Alias
        DisplayName                   = $User.DisplayName
        SamAccountName                = $User.SamAccountName
        UserPrincipalName             = $User.UserPrincipalName
        DistinguishedName             = $User.DistinguishedName
        Guid                          = [guid]$User.Guid
        RecipientType                 = (Get-SandboxRecipientType $User)
        RecipientTypeDetails          = $User.RecipientTypeDetails
        PrimarySmtpAddress            = $User.PrimarySmtpAddress
        EmailAddresses                = @($User.EmailAddresses)
        EmailAddressPolicyEnabled     = $User.EmailAddressPolicyEnabled
        HiddenFromAddressListsEnabled = [bool]$User.HiddenFromAddressListsEnabled
        RemoteRoutingAddress          = $User.RemoteRoutingAddress
        RemoteRecipientType           = $User.RemoteRecipientType
        ExchangeGuid                  = $exGuid
        ArchiveGuid                   = $User.ArchiveGuid
        OnPremisesOrganizationalUnit  = (Get-SandboxParentOf $User.DistinguishedName)
        WhenCreated                   = ConvertTo-SandboxDate $User.WhenCreated
        WhenChanged                   = ConvertTo-SandboxDate $User.WhenChanged
        OriginatingServer             = Get-SandboxDc
        IsValid                       = $true
    }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.Exchange.Data.Directory.Management.RemoteMailbox')
    return $o
}
