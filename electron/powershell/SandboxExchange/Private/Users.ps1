# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# User records: names, distinguished names, aliases and the mail attributes Exchange's address policy would set.

function Get-SandboxCanonical($User) {
    $org = $script:Cache.Data.organization
    $domain = $org.forest
    if ($User.Domain -eq 'child') { $domain = $org.childDomain }
    return '{0}/Users/{1}' -f $domain, $User.Name
}

function New-SandboxDn($Org, [string]$Name, [bool]$Child) {
    $domain = [string]$Org.forest
    if ($Child) { $domain = [string]$Org.childDomain }
    $dc = ($domain.Split('.') | ForEach-Object { 'DC=' + $_ }) -join ','
    $escaped = [regex]::Replace($Name, '([,\\#+<>;"=])', '\$1')
    if ($escaped.StartsWith(' ')) { $escaped = '\' + $escaped }
    return 'CN={0},OU=Users,OU=HMC,{1}' -f $escaped, $dc
}

function Get-SandboxAlias([string]$Source) {
    $sb = New-Object System.Text.StringBuilder
    foreach ($ch in $Source.ToCharArray()) {
        $c = [int]$ch
        $ok = ($c -ge 0x30 -and $c -le 0x39) -or ($c -ge 0x41 -and $c -le 0x5A) -or ($c -ge 0x61 -and $c -le 0x7A) -or
              ("!#$%&'*+-/=?^_``{|}~.".IndexOf($ch) -ge 0) -or ($c -ge 0xA1 -and $c -le 0xFF)
        if ($ok) { [void]$sb.Append($ch) }
    }
    $a = $sb.ToString().Trim('.')
    while ($a.Contains('..')) { $a = $a.Replace('..', '.') }
    if ($a.Length -gt 64) { $a = $a.Substring(0, 64) }
    if (-not $a) { $a = 'user' + [guid]::NewGuid().ToString('N').Substring(0, 8) }
    return $a
}

function Test-SandboxAddressTaken($Data, [string]$Address, $Except) {
    foreach ($u in $Data.users) {
        if ($Except -and $u.Guid -eq $Except.Guid) { continue }
        foreach ($e in @($u.EmailAddresses)) {
            if ($e -and ($e.Substring($e.IndexOf(':') + 1)) -ieq $Address) { return $true }
        }
    }
    return $false
}

function Set-SandboxMailAttributes($Data, $User, [string]$Alias, [string]$PrimarySmtpAddress, [string]$RoutingAddress) {
    $org = $Data.organization
    $User.Alias = $Alias
    $addresses = New-Object System.Collections.Generic.List[string]
    if ($PrimarySmtpAddress) {
        $User.EmailAddressPolicyEnabled = $false
        $primary = $PrimarySmtpAddress
    } else {
        $User.EmailAddressPolicyEnabled = $true
        $local = $Alias
        $n = 1
        $primary = '{0}@{1}' -f $local, $org.primarySmtpDomain
        while (Test-SandboxAddressTaken $Data $primary $User) {
            $n = $n + 1
            $primary = '{0}{1}@{2}' -f $local, $n, $org.primarySmtpDomain
        }
    }
    $User.PrimarySmtpAddress = $primary
    $addresses.Add('SMTP:' + $primary)
    $tenantAddress = '{0}@{1}.mail.onmicrosoft.com' -f $Alias, $org.tenant
    if ($tenantAddress -ine $primary) { $addresses.Add('smtp:' + $tenantAddress) }
    if ($RoutingAddress) {
        $plain = $RoutingAddress.Substring($RoutingAddress.IndexOf(':') + 1)
        $present = $false
        foreach ($a in $addresses) { if ($a.Substring($a.IndexOf(':') + 1) -ieq $plain) { $present = $true } }
        if (-not $present) { $addresses.Add('smtp:' + $plain) }
    }
    $User.EmailAddresses = $addresses.ToArray()
}

function New-SandboxUserRecord($Data, [hashtable]$Spec) {
    $org = $Data.organization
    $now = [DateTime]::UtcNow.ToString('o')
    # whenCreated: now for a new account; seed users are long-standing accounts (CreatedDaysAgo).
    $created = $now
    if ($Spec.CreatedDaysAgo) { $created = [DateTime]::UtcNow.AddDays(-[double]$Spec.CreatedDaysAgo).ToString('o') }
    $name = $Spec.Name
    if (-not $name) { $name = (('{0} {1}' -f $Spec.FirstName, $Spec.LastName).Trim()) }
    if (-not $name) { $name = $Spec.SamAccountName }
    $child = [bool]$Spec.Child
    $upnDomain = [string]$org.forest
    if ($child) { $upnDomain = [string]$org.childDomain }
    $upn = $Spec.UserPrincipalName
    if (-not $upn) { $upn = '{0}@{1}' -f $Spec.SamAccountName, $upnDomain }
    $display = $Spec.DisplayName
    if ($null -eq $display) { $display = $name }
    $domainKind = 'root'
    if ($child) { $domainKind = 'child' }
    $u = [pscustomobject][ordered]@{
        Guid                          = [guid]::NewGuid().ToString()
        SamAccountName                = [string]$Spec.SamAccountName
        UserPrincipalName             = [string]$upn
        Name                          = [string]$name
        DisplayName                   = [string]$display
        FirstName                     = [string]$Spec.FirstName
        LastName                      = [string]$Spec.LastName
        Domain                        = $domainKind
        DistinguishedName             = New-SandboxDn $org $name $child
        RecipientTypeDetails          = 'User'
        Alias                         = $null
        PrimarySmtpAddress            = $null
        EmailAddresses                = @()
        EmailAddressPolicyEnabled     = $null
        HiddenFromAddressListsEnabled = $false
        RemoteRoutingAddress          = $null
        RemoteRecipientType           = $null
        ExchangeGuid                  = $null
        CloudExchangeGuid             = $null
        SyncDueUtc                    = $null
        ArchiveGuid                   = $null
        WhenCreated                   = $created
        WhenChanged                   = $now
    }
    if ($Spec.DistinguishedName) { $u.DistinguishedName = [string]$Spec.DistinguishedName }
    $type = $Spec.RecipientTypeDetails
    if (-not $type) { $type = 'User' }
    if ($type -ne 'User') {
        $alias = Get-SandboxAlias $u.SamAccountName
        $routing = $null
        if ($type -eq 'RemoteUserMailbox') {
            $routing = $Spec.RoutingAddress
            if (-not $routing) { $routing = '{0}@{1}.mail.onmicrosoft.com' -f $alias, $org.tenant }
        }
        Set-SandboxMailAttributes $Data $u $alias $null $routing
        $u.RecipientTypeDetails = $type
        $u.HiddenFromAddressListsEnabled = [bool]$Spec.Hidden
        if ($type -eq 'RemoteUserMailbox') {
            $u.RemoteRoutingAddress = 'SMTP:' + $routing
            $u.RemoteRecipientType = 'ProvisionMailbox'
            $u.CloudExchangeGuid = [guid]::NewGuid().ToString()
            if ($Spec.Pending) {
                # A seeded pending mailbox stays pending (no due time): a demo of a sync that has not happened.
                $u.ExchangeGuid = $script:ZeroGuid
                $u.SyncDueUtc = $null
            } else {
                $u.ExchangeGuid = $u.CloudExchangeGuid
            }
        } elseif ($type -eq 'UserMailbox') {
            $u.ExchangeGuid = [guid]::NewGuid().ToString()
        } elseif ($type -eq 'MailUser') {
            $u.ExchangeGuid = $script:ZeroGuid
            $u.RemoteRoutingAddress = ('SMTP:{0}@partner.example' -f $alias)
        }
    }
    return $u
}
