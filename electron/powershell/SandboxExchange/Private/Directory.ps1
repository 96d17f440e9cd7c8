# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# The directory file: read (cached by timestamp and length), written atomically, seeded from seed.json,
# and the directory-sync delay of new remote mailboxes. Changes read it fresh under the directory lock
# (Private/Lock.ps1): a timestamp can repeat within the clock's resolution, a write under the lock cannot be lost.

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

function New-SandboxSeed {
    $seedPath = Join-Path $script:ModuleRoot 'seed.json'
    $seed = ConvertFrom-SandboxJson ([System.IO.File]::ReadAllText($seedPath, $script:Utf8))
    $data = [pscustomobject][ordered]@{ version = 1; organization = $seed.organization; users = @() }
    $script:Cache.Data = $data
    $list = New-Object System.Collections.Generic.List[object]
    foreach ($s in $seed.users) {
        $spec = @{
            SamAccountName = $s.sam; FirstName = $s.first; LastName = $s.last; RecipientTypeDetails = $s.type
            Hidden = $s.hidden; Pending = $s.pending; RoutingAddress = $s.routing; Child = $s.child; Name = $s.name
            CreatedDaysAgo = 400
        }
        if ($null -ne $s.createdDaysAgo) { $spec.CreatedDaysAgo = $s.createdDaysAgo }
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

function Read-SandboxText([string]$Path) {
    # Shared for read, write and delete: a reader never makes another process's File.Replace fail (Windows).
    $share = [System.IO.FileShare]::ReadWrite -bor [System.IO.FileShare]::Delete
    $fs = New-Object System.IO.FileStream($Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, $share)
    try {
        $reader = New-Object System.IO.StreamReader($fs, $script:Utf8)
        return $reader.ReadToEnd()
    } finally {
        $fs.Dispose()
    }
}

function Get-SandboxData {
    # -Fresh: a change's read, made holding the directory lock; never served from the cache.
    param([switch]$Fresh)
    $path = Get-SandboxDirectoryPath
    $info = New-Object System.IO.FileInfo($path)
    if (-not $info.Exists) {
        Enter-SandboxLock $null
        try {
            # Another process may have seeded it while this one waited for the lock.
            if (-not [System.IO.File]::Exists($path)) {
                $data = New-SandboxSeed
                Save-SandboxData $data
                return $data
            }
        } finally {
            Exit-SandboxLock
        }
        $info = New-Object System.IO.FileInfo($path)
    }
    $stamp = '{0}:{1}' -f $info.LastWriteTimeUtc.Ticks, $info.Length
    if (-not $Fresh -and $script:Cache.Path -eq $path -and $script:Cache.Stamp -eq $stamp -and $null -ne $script:Cache.Data) {
        return $script:Cache.Data
    }
    $data = ConvertFrom-SandboxJson (Read-SandboxText $path)
    if ($null -eq $data.users) { $data.users = @() }
    $data.users = @($data.users)
    $script:Cache.Path = $path
    $script:Cache.Stamp = $stamp
    $script:Cache.Data = $data
    $script:Cache.Index = $null
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
