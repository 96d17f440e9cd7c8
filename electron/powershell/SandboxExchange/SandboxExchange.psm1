# SandboxExchange: a simulated on-premises Exchange for the Hybrid Mailbox Console.
#
# Implements the hybrid recipient cmdlets (Get-User, Get-Recipient, Get-RemoteMailbox,
# Enable-RemoteMailbox, Set-RemoteMailbox, Disable-RemoteMailbox, Set-ADServerSettings) with the
# real parameter names and parameter sets, the real error messages and exception type names
# (defined below in Exchange's own namespaces), over a JSON directory file.
#
# Must run on Windows PowerShell 5.1 and PowerShell 7: no 7-only syntax (a unit test scans this file),
# ASCII only (5.1 reads BOM-less scripts in the ANSI code page).
#
# Environment (read on every call):
#   HMC_SANDBOX_DIRECTORY          the directory JSON file (Set-SandboxConfiguration overrides it)
#   HMC_SANDBOX_SYNC_DELAY_SECONDS seconds a new remote mailbox stays "sync pending" (default 30)
#   HMC_SANDBOX_DELAY_MS           sleep this long at the start of every cmdlet (slow Exchange)
#   HMC_SANDBOX_DELAY_CMDLETS      optional comma list: only these cmdlets are slow
#   HMC_SANDBOX_TRANSPORT_FAILURES N: the next N cmdlet calls fail with a WinRM transport error
#                                  (counted in <directory>.faults.json, so a restarted process does not start again)
#   HMC_SANDBOX_TRANSPORT_CMDLETS  optional comma list: only these cmdlets fail (and count)
#   HMC_SANDBOX_DIE_IN             comma list of cmdlets during which the PowerShell process exits (exit code 137)
#   HMC_SANDBOX_DIE_AFTER_WRITE    1: die after the change was written (outcome applied), else before it
#   HMC_SANDBOX_SILENT_NOOP        comma list of cmdlets that report success but change nothing

Set-StrictMode -Off

$script:TypesSource = @'
namespace Microsoft.Exchange.Data.Common {
    public class LocalizedException : System.Exception {
        public LocalizedException(string message) : base(message) { }
    }
}
namespace Microsoft.Exchange.Configuration.Tasks {
    public class ManagementObjectNotFoundException : Microsoft.Exchange.Data.Common.LocalizedException {
        public ManagementObjectNotFoundException(string message) : base(message) { }
    }
    public class ManagementObjectAmbiguousException : Microsoft.Exchange.Data.Common.LocalizedException {
        public ManagementObjectAmbiguousException(string message) : base(message) { }
    }
}
namespace Microsoft.Exchange.Management.Tasks {
    public class RecipientTaskException : Microsoft.Exchange.Data.Common.LocalizedException {
        public RecipientTaskException(string message) : base(message) { }
    }
}
namespace Microsoft.Exchange.Data {
    public class DataValidationException : Microsoft.Exchange.Data.Common.LocalizedException {
        public DataValidationException(string message) : base(message) { }
    }
}
namespace Microsoft.Exchange.Data.Directory {
    public class ADObjectAlreadyExistsException : Microsoft.Exchange.Data.Common.LocalizedException {
        public ADObjectAlreadyExistsException(string message) : base(message) { }
    }
}
'@

function Import-SandboxTypes {
    if ('Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' -as [type]) { return }
    # Compiling costs about a second per process: keep the assembly in a per-user cache folder,
    # named by a hash of the source (a changed source compiles a new one).
    $sha = [System.Security.Cryptography.SHA256]::Create()
    $hash = -join ($sha.ComputeHash($script:Utf8.GetBytes($script:TypesSource + $PSVersionTable.PSVersion.Major)) | Select-Object -First 12 | ForEach-Object { $_.ToString('x2') })
    $cacheDir = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'hybrid-mailbox-console'
    $dll = Join-Path $cacheDir ('sandbox-exchange-types-{0}.dll' -f $hash)
    if ([System.IO.File]::Exists($dll)) {
        try {
            Add-Type -Path $dll -ErrorAction Stop
            return
        } catch {
            Write-Verbose 'Cached sandbox types could not be loaded; compiling them.'
        }
    }
    try {
        if (-not [System.IO.Directory]::Exists($cacheDir)) { [void][System.IO.Directory]::CreateDirectory($cacheDir) }
        $tmp = Join-Path $cacheDir ('.{0}.{1}.dll' -f $hash, [guid]::NewGuid().ToString('N'))
        Add-Type -TypeDefinition $script:TypesSource -OutputAssembly $tmp -OutputType Library -ErrorAction Stop
        try { [System.IO.File]::Move($tmp, $dll) } catch { Remove-Item -LiteralPath $tmp -Force -ErrorAction SilentlyContinue }
        if ([System.IO.File]::Exists($dll)) { Add-Type -Path $dll -ErrorAction Stop; return }
    } catch {
        Write-Verbose 'The sandbox types cache is not writable; compiling in memory.'
    }
    if (-not ('Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' -as [type])) {
        Add-Type -TypeDefinition $script:TypesSource
    }
}

$script:ZeroGuid = '00000000-0000-0000-0000-000000000000'
$script:Config = @{ DirectoryPath = $null; SyncDelaySeconds = $null }
$script:CurrentCmdlet = $null
$script:Cache = @{ Path = $null; Stamp = $null; Data = $null; Index = $null; IndexData = $null }
$script:ServerSettings = [ordered]@{ ViewEntireForest = $false; RecipientViewRoot = $null; PreferredServer = $null; PreferredGlobalCatalog = $null }
$script:Utf8 = New-Object System.Text.UTF8Encoding($false)
$script:JsonDateKind = (Get-Command ConvertFrom-Json).Parameters.ContainsKey('DateKind')
Import-SandboxTypes

# ---------------------------------------------------------------- configuration and faults

function Set-SandboxConfiguration {
    [CmdletBinding()]
    param([string]$DirectoryPath, [Nullable[int]]$SyncDelaySeconds)
    if ($PSBoundParameters.ContainsKey('DirectoryPath')) { $script:Config.DirectoryPath = $DirectoryPath }
    if ($PSBoundParameters.ContainsKey('SyncDelaySeconds')) { $script:Config.SyncDelaySeconds = $SyncDelaySeconds }
    $script:Cache.Path = $null
}

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

function Get-SandboxConfiguration {
    [CmdletBinding()]
    param()
    [pscustomobject]@{
        DirectoryPath    = Get-SandboxDirectoryPath
        SyncDelaySeconds = Get-SandboxSyncDelay
        ViewEntireForest = [bool]$script:ServerSettings.ViewEntireForest
    }
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
        if (Test-Path -LiteralPath $statePath) {
            $state = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($statePath, $script:Utf8))
            if ([string]$state.configured -eq $configured) { $remaining = [int]$state.remaining }
        }
        if ($remaining -gt 0) {
            $remaining = $remaining - 1
            Write-SandboxFile -Path $statePath -Text (ConvertTo-Json -Compress -InputObject ([ordered]@{ configured = $configured; remaining = $remaining }))
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

# ---------------------------------------------------------------- errors

function New-SandboxErrorRecord {
    param([string]$TypeName, [string]$Message, [string]$Category, [string]$CmdletClass, $Target)
    $ex = New-Object -TypeName $TypeName -ArgumentList $Message
    $short = $TypeName.Substring($TypeName.LastIndexOf('.') + 1)
    $org = $script:Cache.Data.organization
    $server = 'EXCH01'
    if ($org) { $server = $org.server }
    $hex = '{0:X8}' -f ([Math]::Abs($Message.GetHashCode()))
    $id = '[Server={0},RequestId={1},TimeStamp={2}] [FailureCategory=Cmdlet-{3}] {4},Microsoft.Exchange.Management.RecipientTasks.{5}' -f `
        $server, [guid]::NewGuid().ToString(), [DateTime]::UtcNow.ToString('M/d/yyyy h:mm:ss tt', [Globalization.CultureInfo]::InvariantCulture), $short, $hex, $CmdletClass
    return New-Object System.Management.Automation.ErrorRecord($ex, $id, [System.Management.Automation.ErrorCategory]$Category, $Target)
}

function Get-SandboxDc {
    $org = (Get-SandboxData).organization
    return [string]$org.domainController
}

function Throw-NotFound($Cmdlet, [string]$Identity, [string]$CmdletClass) {
    $msg = "The operation couldn't be performed because object '{0}' couldn't be found on '{1}'." -f $Identity, (Get-SandboxDc)
    $Cmdlet.ThrowTerminatingError((New-SandboxErrorRecord 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' $msg 'NotSpecified' $CmdletClass $Identity))
}

function Throw-WrongType($Cmdlet, $User, [string]$CmdletClass) {
    $msg = 'This task does not support recipients of this type. The specified recipient {0} is of type {1}. Please make sure that this recipient matches the required recipient type for this task.' -f (Get-SandboxCanonical $User), $User.RecipientTypeDetails
    $Cmdlet.ThrowTerminatingError((New-SandboxErrorRecord 'Microsoft.Exchange.Management.Tasks.RecipientTaskException' $msg 'InvalidArgument' $CmdletClass $User.Name))
}

function Throw-Sandbox($Cmdlet, [string]$TypeName, [string]$Message, [string]$Category, [string]$CmdletClass, $Target) {
    $Cmdlet.ThrowTerminatingError((New-SandboxErrorRecord $TypeName $Message $Category $CmdletClass $Target))
}

# ---------------------------------------------------------------- directory file

function Write-SandboxFile {
    param([string]$Path, [string]$Text)
    $dir = [System.IO.Path]::GetDirectoryName([System.IO.Path]::GetFullPath($Path))
    if (-not [System.IO.Directory]::Exists($dir)) { [void][System.IO.Directory]::CreateDirectory($dir) }
    $tmp = [System.IO.Path]::Combine($dir, ('.{0}.{1}.tmp' -f [System.IO.Path]::GetFileName($Path), [guid]::NewGuid().ToString('N')))
    $bytes = $script:Utf8.GetBytes($Text)
    $fs = New-Object System.IO.FileStream($tmp, [System.IO.FileMode]::CreateNew, [System.IO.FileAccess]::Write, [System.IO.FileShare]::None)
    try {
        $fs.Write($bytes, 0, $bytes.Length)
        $fs.Flush($true)
    } finally {
        $fs.Dispose()
    }
    if ([System.IO.File]::Exists($Path)) {
        [System.IO.File]::Replace($tmp, $Path, [NullString]::Value)
    } else {
        [System.IO.File]::Move($tmp, $Path)
    }
}

function ConvertFrom-SandboxJson([string]$Text) {
    if ($script:JsonDateKind) {
        $p = @{ DateKind = 'String' }
        return ConvertFrom-Json -InputObject $Text @p
    }
    return ConvertFrom-Json -InputObject $Text
}

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
        WhenCreated                   = $now
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

function New-SandboxSeed {
    $seedPath = Join-Path $PSScriptRoot 'seed.json'
    $seed = ConvertFrom-SandboxJson ([System.IO.File]::ReadAllText($seedPath, $script:Utf8))
    $data = [pscustomobject][ordered]@{ version = 1; organization = $seed.organization; users = @() }
    $script:Cache.Data = $data
    $list = New-Object System.Collections.Generic.List[object]
    foreach ($s in $seed.users) {
        $spec = @{
            SamAccountName = $s.sam; FirstName = $s.first; LastName = $s.last; RecipientTypeDetails = $s.type
            Hidden = $s.hidden; Pending = $s.pending; RoutingAddress = $s.routing; Child = $s.child; Name = $s.name
        }
        $data.users = $list.ToArray()
        $list.Add((New-SandboxUserRecord $data $spec))
    }
    $data.users = $list.ToArray()
    return $data
}

function Save-SandboxData($Data) {
    $path = Get-SandboxDirectoryPath
    if (Test-SandboxListed $env:HMC_SANDBOX_SILENT_NOOP $script:CurrentCmdlet) {
        # Fault injection: report success but change nothing (as when an error is lost on the way back).
        $script:Cache.Path = $null
        $script:Cache.Data = $null
        return
    }
    $json = ConvertTo-Json -InputObject $Data -Depth 6
    Write-SandboxFile -Path $path -Text $json
    $info = New-Object System.IO.FileInfo($path)
    $script:Cache.Path = $path
    $script:Cache.Stamp = '{0}:{1}' -f $info.LastWriteTimeUtc.Ticks, $info.Length
    $script:Cache.Data = $Data
    $script:Cache.Index = $null
}

function Get-SandboxData {
    $path = Get-SandboxDirectoryPath
    $info = New-Object System.IO.FileInfo($path)
    if (-not $info.Exists) {
        $data = New-SandboxSeed
        Save-SandboxData $data
        return $data
    }
    $stamp = '{0}:{1}' -f $info.LastWriteTimeUtc.Ticks, $info.Length
    if ($script:Cache.Path -eq $path -and $script:Cache.Stamp -eq $stamp -and $null -ne $script:Cache.Data) {
        return $script:Cache.Data
    }
    $data = ConvertFrom-SandboxJson ([System.IO.File]::ReadAllText($path, $script:Utf8))
    if ($null -eq $data.users) { $data.users = @() }
    $data.users = @($data.users)
    $script:Cache.Path = $path
    $script:Cache.Stamp = $stamp
    $script:Cache.Data = $data
    return $data
}

function Update-SandboxSync($User) {
    if ($User.RecipientTypeDetails -like 'Remote*Mailbox' -and $User.ExchangeGuid -eq $script:ZeroGuid -and $User.SyncDueUtc) {
        $due = [DateTime]::Parse([string]$User.SyncDueUtc, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::RoundtripKind)
        if ([DateTime]::UtcNow -ge $due.ToUniversalTime()) {
            $User.ExchangeGuid = $User.CloudExchangeGuid
            $User.SyncDueUtc = $null
        }
    }
}

# ---------------------------------------------------------------- lookups

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
    foreach ($key in @($Identity, $Identity.Trim('{', '}'))) {
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

# ---------------------------------------------------------------- cmdlets

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

function Get-User {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string]$Anr,
        [string]$DomainController,
        [string]$Filter,
        [string]$OrganizationalUnit,
        [string[]]$RecipientTypeDetails,
        [switch]$IgnoreDefaultScope,
        [switch]$ReadFromDomainController,
        [object]$ResultSize = 1000
    )
    Invoke-SandboxFault 'Get-User' $PSCmdlet
    $data = Get-SandboxData
    if ($PSBoundParameters.ContainsKey('Identity') -and $Identity) {
        $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'GetUser' $RecipientTypeDetails
        return (ConvertTo-SandboxUserOutput $u)
    }
    $limit = Get-SandboxLimit $ResultSize
    $n = 0
    foreach ($u in $data.users) {
        if (-not (Test-SandboxInScope $u)) { continue }
        if ($Anr -and -not (Test-SandboxAnr $u $Anr)) { continue }
        if ($RecipientTypeDetails -and -not ($RecipientTypeDetails -contains $u.RecipientTypeDetails)) { continue }
        if ($n -ge $limit) {
            Write-Warning ('By default, only the first {0} items are returned. Use the ResultSize parameter to specify the number of items returned. To return all items, specify "-ResultSize Unlimited".' -f $limit)
            break
        }
        Update-SandboxSync $u
        ConvertTo-SandboxUserOutput $u
        $n = $n + 1
    }
}

function Get-SandboxLimit($ResultSize) {
    if ([string]$ResultSize -eq 'Unlimited') { return [int]::MaxValue }
    return [int]$ResultSize
}

function Get-Recipient {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string]$Anr,
        [Parameter(ParameterSetName = 'Identity')][string]$Filter,
        [string]$DomainController,
        [string[]]$RecipientTypeDetails,
        [string[]]$RecipientType,
        [switch]$IgnoreDefaultScope,
        [object]$ResultSize = 1000
    )
    Invoke-SandboxFault 'Get-Recipient' $PSCmdlet
    $data = Get-SandboxData
    $types = $RecipientTypeDetails
    if (-not $types) { $types = @('UserMailbox', 'MailUser', 'RemoteUserMailbox', 'RemoteRoomMailbox', 'RemoteEquipmentMailbox', 'RemoteSharedMailbox') }
    if ($PSBoundParameters.ContainsKey('Identity') -and $Identity) {
        $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'GetRecipient' $types
        return (ConvertTo-SandboxRecipientOutput $u)
    }
    $address = $null
    if ($Filter) {
        # The one OPATH form the console uses: EmailAddresses -eq 'smtp:value' (quotes doubled inside the value).
        $m = [regex]::Match($Filter, "^\s*EmailAddresses\s+-eq\s+'((?:[^']|'')*)'\s*$")
        if (-not $m.Success) {
            Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Data.DataValidationException' ('The sandbox understands only filters of the form EmailAddresses -eq ''smtp:address'', not "{0}".' -f $Filter) 'InvalidArgument' 'GetRecipient' $Filter
        }
        $address = $m.Groups[1].Value.Replace("''", "'")
        if ($address.IndexOf(':') -ge 0) { $address = $address.Substring($address.IndexOf(':') + 1) }
    }
    $limit = Get-SandboxLimit $ResultSize
    $n = 0
    foreach ($u in $data.users) {
        if (-not (Test-SandboxInScope $u)) { continue }
        if (-not ($types -contains $u.RecipientTypeDetails)) { continue }
        if ($Anr -and -not (Test-SandboxAnr $u $Anr)) { continue }
        if ($null -ne $address) {
            $hit = $false
            foreach ($e in @($u.EmailAddresses)) { if ($e -and $e.Substring($e.IndexOf(':') + 1) -ieq $address) { $hit = $true } }
            if (-not $hit) { continue }
        }
        if ($n -ge $limit) { break }
        Update-SandboxSync $u
        ConvertTo-SandboxRecipientOutput $u
        $n = $n + 1
    }
}

function Get-RemoteMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity')]
    param(
        [Parameter(ParameterSetName = 'Identity', Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Parameter(ParameterSetName = 'AnrSet', Mandatory = $true)][string]$Anr,
        [Parameter(ParameterSetName = 'Identity')][string]$Filter,
        [switch]$Archive,
        [string]$DomainController,
        [string]$OnPremisesOrganizationalUnit,
        [switch]$ReadFromDomainController,
        [switch]$IgnoreDefaultScope,
        [object]$ResultSize = 1000,
        [System.Management.Automation.PSCredential]$Credential
    )
    Invoke-SandboxFault 'Get-RemoteMailbox' $PSCmdlet
    $data = Get-SandboxData
    $types = @('RemoteUserMailbox', 'RemoteRoomMailbox', 'RemoteEquipmentMailbox', 'RemoteSharedMailbox')
    if ($PSBoundParameters.ContainsKey('Identity') -and $Identity) {
        $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'GetRemoteMailbox' $types
        if ($Archive -and -not $u.ArchiveGuid) { Throw-NotFound $PSCmdlet $Identity 'GetRemoteMailbox' }
        return (ConvertTo-SandboxRecipientOutput $u)
    }
    $limit = Get-SandboxLimit $ResultSize
    $n = 0
    foreach ($u in $data.users) {
        if (-not (Test-SandboxInScope $u)) { continue }
        if (-not ($types -contains $u.RecipientTypeDetails)) { continue }
        if ($Archive -and -not $u.ArchiveGuid) { continue }
        if ($Anr -and -not (Test-SandboxAnr $u $Anr)) { continue }
        if ($n -ge $limit) { break }
        Update-SandboxSync $u
        ConvertTo-SandboxRecipientOutput $u
        $n = $n + 1
    }
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

function Enable-RemoteMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Default', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Parameter(ParameterSetName = 'Default')]
        [Parameter(ParameterSetName = 'Room')]
        [Parameter(ParameterSetName = 'Equipment')]
        [Parameter(ParameterSetName = 'Shared')]
        [string]$RemoteRoutingAddress,
        [Parameter(ParameterSetName = 'Room', Mandatory = $true)][switch]$Room,
        [Parameter(ParameterSetName = 'Equipment', Mandatory = $true)][switch]$Equipment,
        [Parameter(ParameterSetName = 'Shared', Mandatory = $true)][switch]$Shared,
        [Parameter(ParameterSetName = 'Archive', Mandatory = $true)][switch]$Archive,
        [Parameter(ParameterSetName = 'Archive')][string]$ArchiveName,
        [string]$Alias,
        [string]$DisplayName,
        [string]$DomainController,
        [string]$PrimarySmtpAddress,
        [switch]$ACLableSyncedObjectEnabled
    )
    Invoke-SandboxFault 'Enable-RemoteMailbox' $PSCmdlet
    $data = Get-SandboxData
    $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'EnableRemoteMailbox' $null
    if ($PSCmdlet.ParameterSetName -eq 'Archive') {
        if ($u.RecipientTypeDetails -notlike 'Remote*Mailbox') { Throw-WrongType $PSCmdlet $u 'EnableRemoteMailbox' }
        if ($PSCmdlet.ShouldProcess($Identity, 'Enable the remote archive')) {
            $u.ArchiveGuid = [guid]::NewGuid().ToString()
            $u.WhenChanged = [DateTime]::UtcNow.ToString('o')
            Save-SandboxData $data
            Invoke-SandboxDieAfterWrite 'Enable-RemoteMailbox'
            return (ConvertTo-SandboxRecipientOutput $u)
        }
        return
    }
    if ($u.RecipientTypeDetails -ne 'User') { Throw-WrongType $PSCmdlet $u 'EnableRemoteMailbox' }
    $aliasValue = $Alias
    if (-not $aliasValue) { $aliasValue = Get-SandboxAlias $u.SamAccountName }
    $routing = $RemoteRoutingAddress
    if ($routing) {
        $routing = Assert-SandboxSmtp $PSCmdlet $routing 'EnableRemoteMailbox' 'RemoteRoutingAddress'
    } else {
        $routing = '{0}@{1}.mail.onmicrosoft.com' -f $aliasValue, $data.organization.tenant
    }
    $primary = $null
    if ($PrimarySmtpAddress) {
        $primary = Assert-SandboxSmtp $PSCmdlet $PrimarySmtpAddress 'EnableRemoteMailbox' 'PrimarySmtpAddress'
        if (Test-SandboxAddressTaken $data $primary $u) {
            $msg = 'The proxy address "SMTP:{0}" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.' -f $primary
            Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Management.Tasks.RecipientTaskException' $msg 'NotSpecified' 'EnableRemoteMailbox' $primary
        }
    }
    if (-not $PSCmdlet.ShouldProcess($Identity, 'Enable-RemoteMailbox')) { return }
    Set-SandboxMailAttributes $data $u $aliasValue $primary $routing
    if ($PSBoundParameters.ContainsKey('DisplayName')) { $u.DisplayName = $DisplayName }
    $u.RemoteRoutingAddress = 'SMTP:' + $routing
    $u.RemoteRecipientType = 'ProvisionMailbox'
    $u.RecipientTypeDetails = 'RemoteUserMailbox'
    if ($Room) { $u.RecipientTypeDetails = 'RemoteRoomMailbox' }
    if ($Equipment) { $u.RecipientTypeDetails = 'RemoteEquipmentMailbox' }
    if ($Shared) { $u.RecipientTypeDetails = 'RemoteSharedMailbox' }
    $u.ExchangeGuid = $script:ZeroGuid
    $u.CloudExchangeGuid = [guid]::NewGuid().ToString()
    $delay = Get-SandboxSyncDelay
    if ($delay -le 0) {
        $u.ExchangeGuid = $u.CloudExchangeGuid
        $u.SyncDueUtc = $null
    } else {
        $u.SyncDueUtc = [DateTime]::UtcNow.AddSeconds($delay).ToString('o')
    }
    $u.WhenChanged = [DateTime]::UtcNow.ToString('o')
    Save-SandboxData $data
    Invoke-SandboxDieAfterWrite 'Enable-RemoteMailbox'
    return (ConvertTo-SandboxRecipientOutput $u)
}

function Set-RemoteMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [Nullable[bool]]$HiddenFromAddressListsEnabled,
        [string]$RemoteRoutingAddress,
        [string]$PrimarySmtpAddress,
        [object]$EmailAddresses,
        [Nullable[bool]]$EmailAddressPolicyEnabled,
        [string]$ExchangeGuid,
        [string]$Alias,
        [string]$DisplayName,
        [ValidateSet('Regular', 'Room', 'Equipment', 'Shared')][string]$Type,
        [string]$DomainController,
        [switch]$IgnoreDefaultScope
    )
    Invoke-SandboxFault 'Set-RemoteMailbox' $PSCmdlet
    if ($PSBoundParameters.ContainsKey('EmailAddresses') -and $PSBoundParameters.ContainsKey('PrimarySmtpAddress')) {
        Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Management.Tasks.RecipientTaskException' 'The EmailAddresses and PrimarySmtpAddress parameters can''t be used together.' 'InvalidArgument' 'SetRemoteMailbox' $Identity
    }
    if ($IgnoreDefaultScope -and $DomainController) {
        Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Management.Tasks.RecipientTaskException' 'The DomainController parameter can''t be used together with the IgnoreDefaultScope parameter.' 'InvalidArgument' 'SetRemoteMailbox' $Identity
    }
    $data = Get-SandboxData
    $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'SetRemoteMailbox' @('RemoteUserMailbox', 'RemoteRoomMailbox', 'RemoteEquipmentMailbox', 'RemoteSharedMailbox')
    $routing = $null
    if ($PSBoundParameters.ContainsKey('RemoteRoutingAddress')) { $routing = Assert-SandboxSmtp $PSCmdlet $RemoteRoutingAddress 'SetRemoteMailbox' 'RemoteRoutingAddress' }
    $primary = $null
    if ($PSBoundParameters.ContainsKey('PrimarySmtpAddress')) {
        $primary = Assert-SandboxSmtp $PSCmdlet $PrimarySmtpAddress 'SetRemoteMailbox' 'PrimarySmtpAddress'
        if (Test-SandboxAddressTaken $data $primary $u) {
            $msg = 'The proxy address "SMTP:{0}" is already being used by the proxy addresses or LegacyExchangeDN. Please choose another proxy address.' -f $primary
            Throw-Sandbox $PSCmdlet 'Microsoft.Exchange.Management.Tasks.RecipientTaskException' $msg 'NotSpecified' 'SetRemoteMailbox' $primary
        }
    }
    if (-not $PSCmdlet.ShouldProcess($Identity, 'Set-RemoteMailbox')) { return }
    if ($null -ne $HiddenFromAddressListsEnabled) { $u.HiddenFromAddressListsEnabled = [bool]$HiddenFromAddressListsEnabled }
    if ($null -ne $routing) {
        $u.RemoteRoutingAddress = 'SMTP:' + $routing
        $present = $false
        foreach ($e in @($u.EmailAddresses)) { if ($e.Substring($e.IndexOf(':') + 1) -ieq $routing) { $present = $true } }
        if (-not $present) { $u.EmailAddresses = @($u.EmailAddresses) + @('smtp:' + $routing) }
    }
    if ($null -ne $primary) {
        $list = New-Object System.Collections.Generic.List[string]
        $list.Add('SMTP:' + $primary)
        foreach ($e in @($u.EmailAddresses)) {
            $v = $e.Substring($e.IndexOf(':') + 1)
            if ($v -ine $primary) { $list.Add('smtp:' + $v) }
        }
        $u.EmailAddresses = $list.ToArray()
        $u.PrimarySmtpAddress = $primary
        $u.EmailAddressPolicyEnabled = $false
    }
    if ($PSBoundParameters.ContainsKey('EmailAddresses')) {
        $current = New-Object System.Collections.Generic.List[string]
        if ($EmailAddresses -is [System.Collections.IDictionary]) {
            foreach ($e in @($u.EmailAddresses)) { $current.Add($e) }
            foreach ($a in @($EmailAddresses['Add'])) { if ($a) { $current.Add([string]$a) } }
            foreach ($r in @($EmailAddresses['Remove'])) {
                if ($r) {
                    $rv = Get-SandboxProxyValue ([string]$r)
                    $current = [System.Collections.Generic.List[string]]@($current | Where-Object { (Get-SandboxProxyValue $_) -ine $rv })
                }
            }
        } else {
            foreach ($a in @($EmailAddresses)) { $current.Add([string]$a) }
        }
        $u.EmailAddresses = $current.ToArray()
        foreach ($e in $current) { if ($e.StartsWith('SMTP:', [System.StringComparison]::Ordinal)) { $u.PrimarySmtpAddress = $e.Substring(5) } }
    }
    if ($null -ne $EmailAddressPolicyEnabled) { $u.EmailAddressPolicyEnabled = [bool]$EmailAddressPolicyEnabled }
    if ($PSBoundParameters.ContainsKey('ExchangeGuid')) { $u.ExchangeGuid = ([guid]$ExchangeGuid).ToString(); $u.SyncDueUtc = $null }
    if ($PSBoundParameters.ContainsKey('Alias')) { $u.Alias = $Alias }
    if ($PSBoundParameters.ContainsKey('DisplayName')) { $u.DisplayName = $DisplayName }
    if ($Type) {
        $map = @{ Regular = 'RemoteUserMailbox'; Room = 'RemoteRoomMailbox'; Equipment = 'RemoteEquipmentMailbox'; Shared = 'RemoteSharedMailbox' }
        $u.RecipientTypeDetails = $map[$Type]
    }
    $u.WhenChanged = [DateTime]::UtcNow.ToString('o')
    Save-SandboxData $data
    Invoke-SandboxDieAfterWrite 'Set-RemoteMailbox'
}

function Disable-RemoteMailbox {
    [CmdletBinding(DefaultParameterSetName = 'Identity', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true)][string]$Identity,
        [switch]$Archive,
        [switch]$IgnoreLegalHold,
        [string]$DomainController,
        [switch]$IgnoreDefaultScope
    )
    Invoke-SandboxFault 'Disable-RemoteMailbox' $PSCmdlet
    $data = Get-SandboxData
    $u = Resolve-SandboxUser $PSCmdlet $data $Identity 'DisableRemoteMailbox' @('RemoteUserMailbox', 'RemoteRoomMailbox', 'RemoteEquipmentMailbox', 'RemoteSharedMailbox')
    if ($Archive) {
        if (-not $u.ArchiveGuid) { Throw-WrongType $PSCmdlet $u 'DisableRemoteMailbox' }
        if (-not $PSCmdlet.ShouldProcess($Identity, 'Disable the remote archive')) { return }
        $u.ArchiveGuid = $null
    } else {
        if (-not $PSCmdlet.ShouldProcess($Identity, 'Disable-RemoteMailbox')) { return }
        $u.RecipientTypeDetails = 'User'
        $u.Alias = $null
        $u.PrimarySmtpAddress = $null
        $u.EmailAddresses = @()
        $u.EmailAddressPolicyEnabled = $null
        $u.HiddenFromAddressListsEnabled = $false
        $u.RemoteRoutingAddress = $null
        $u.RemoteRecipientType = $null
        $u.ExchangeGuid = $null
        $u.CloudExchangeGuid = $null
        $u.SyncDueUtc = $null
        $u.ArchiveGuid = $null
    }
    $u.WhenChanged = [DateTime]::UtcNow.ToString('o')
    Save-SandboxData $data
    Invoke-SandboxDieAfterWrite 'Disable-RemoteMailbox'
}

# ---------------------------------------------------------------- sandbox administration (not Exchange cmdlets)

function Reset-SandboxDirectory {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param()
    if (-not $PSCmdlet.ShouldProcess((Get-SandboxDirectoryPath), 'Reset the sandbox directory')) { return }
    $data = New-SandboxSeed
    Save-SandboxData $data
    $faults = (Get-SandboxDirectoryPath) + '.faults.json'
    if (Test-Path -LiteralPath $faults) { Remove-Item -LiteralPath $faults -Force }
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
    $data = Get-SandboxData
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
}

Export-ModuleMember -Function @(
    'Get-User', 'Get-Recipient', 'Get-RemoteMailbox', 'Enable-RemoteMailbox', 'Set-RemoteMailbox',
    'Disable-RemoteMailbox', 'Set-ADServerSettings', 'Get-ADServerSettings',
    'Set-SandboxConfiguration', 'Get-SandboxConfiguration', 'Reset-SandboxDirectory', 'Add-SandboxUser'
)
