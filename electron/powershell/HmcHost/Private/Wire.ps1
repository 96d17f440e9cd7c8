# Part of HmcHost (dot-sourced by HmcHost.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# The wire format: request values decoded from base64 JSON, results turned into plain data, errors into
# their machine-readable facts, and the one envelope line written back.

function ConvertFrom-HmcWire {
    param($Node)
    if ($null -eq $Node) { return $null }
    if ($Node -is [System.Management.Automation.PSCustomObject]) {
        $props = @($Node.PSObject.Properties)
        if ($props.Count -eq 1 -and $props[0].Name -ceq 's') {
            return $script:Utf8.GetString([System.Convert]::FromBase64String([string]$props[0].Value))
        }
        if ($props.Count -eq 1 -and $props[0].Name -ceq 'o') {
            $h = @{}
            if ($null -ne $props[0].Value) {
                foreach ($p in $props[0].Value.PSObject.Properties) { $h[$p.Name] = ConvertFrom-HmcWire $p.Value }
            }
            return $h
        }
        throw (New-Object System.ArgumentException('Malformed wire value.'))
    }
    if ($Node -is [System.Array]) {
        $list = New-Object System.Collections.Generic.List[object]
        foreach ($item in $Node) { $list.Add((ConvertFrom-HmcWire $item)) }
        return , $list.ToArray()
    }
    return $Node
}

function ConvertTo-HmcData {
    param($Value, [int]$Depth = 0, [string[]]$Select)
    if ($null -eq $Value) { return $null }
    if ($Value -is [string] -or $Value -is [bool] -or $Value -is [int] -or $Value -is [long] -or $Value -is [double] -or
        $Value -is [decimal] -or $Value -is [single] -or $Value -is [int16] -or $Value -is [byte] -or $Value -is [uint32] -or $Value -is [uint64]) {
        return $Value
    }
    if ($Value -is [char]) { return [string]$Value }
    if ($Value -is [DateTime]) { return $Value.ToUniversalTime().ToString('o', [Globalization.CultureInfo]::InvariantCulture) }
    if ($Value -is [DateTimeOffset]) { return $Value.UtcDateTime.ToString('o', [Globalization.CultureInfo]::InvariantCulture) }
    if ($Value -is [guid] -or $Value -is [enum] -or $Value -is [System.Security.SecureString]) {
        if ($Value -is [System.Security.SecureString]) { return '********' }
        return $Value.ToString()
    }
    if ($Depth -ge 5) { return [string]$Value }
    if ($Value -is [System.Collections.IDictionary]) {
        $h = [ordered]@{}
        foreach ($k in $Value.Keys) { $h[[string]$k] = ConvertTo-HmcData $Value[$k] ($Depth + 1) }
        return $h
    }
    if ($Value -is [System.Collections.IEnumerable]) {
        $list = New-Object System.Collections.Generic.List[object]
        foreach ($item in $Value) {
            if ($null -eq $item -or $item -is [string]) { $list.Add($item) } else { $list.Add((ConvertTo-HmcData $item ($Depth + 1))) }
        }
        return , $list.ToArray()
    }
    if ($Depth -gt 0 -and -not ($Value -is [System.Management.Automation.PSCustomObject])) { return [string]$Value }
    $h = [ordered]@{}
    $filter = ($null -ne $Select -and $Select.Count -gt 0)
    foreach ($p in $Value.PSObject.Properties) {
        if ($filter -and -not ($Select -contains $p.Name)) { continue }
        $v = $null
        try { $v = $p.Value } catch { $v = $null }
        # Scalars inline (a function call per property is the main cost of a large object).
        if ($null -eq $v -or $v -is [string] -or $v -is [bool] -or $v -is [int] -or $v -is [long]) {
            $h[$p.Name] = $v
        } elseif ($v -is [guid]) {
            $h[$p.Name] = $v.ToString()
        } else {
            $h[$p.Name] = ConvertTo-HmcData $v ($Depth + 1)
        }
    }
    return $h
}

function ConvertTo-HmcErrorInfo {
    param($Record)
    $ex = $Record.Exception
    $info = [ordered]@{
        type       = $null
        message    = $null
        fqid       = [string]$Record.FullyQualifiedErrorId
        category   = [string]$Record.CategoryInfo.Category
        reason     = [string]$Record.CategoryInfo.Reason
        remoteType = $null
        errorCode  = $null
        target     = $null
    }
    if ($ex) {
        $info.type = $ex.GetType().FullName
        $info.message = [string]$ex.Message
        if ($ex -is [System.Management.Automation.RemoteException] -and $null -ne $ex.SerializedRemoteException) {
            $names = @($ex.SerializedRemoteException.PSObject.TypeNames)
            if ($names.Count -gt 0) { $info.remoteType = ([string]$names[0]) -replace '^Deserialized\.', '' }
        }
        $ec = $ex.PSObject.Properties['ErrorCode']
        if ($ec) {
            try { $info.errorCode = [long]$ec.Value } catch { $info.errorCode = $null }
        }
        if ($null -eq $info.errorCode -and $ex.InnerException) {
            $iec = $ex.InnerException.PSObject.Properties['ErrorCode']
            if ($iec) { try { $info.errorCode = [long]$iec.Value } catch { $info.errorCode = $null } }
        }
    } else {
        $info.message = [string]$Record
    }
    if ($Record.ErrorDetails -and $Record.ErrorDetails.Message) { $info.message = [string]$Record.ErrorDetails.Message }
    if ($null -ne $Record.TargetObject -and ($Record.TargetObject -is [string])) { $info.target = [string]$Record.TargetObject }
    return $info
}

function Write-HmcEnvelope {
    param($Envelope)
    $json = ConvertTo-Json -InputObject $Envelope -Compress -Depth 12
    [Console]::Out.WriteLine('HMC1:' + [System.Convert]::ToBase64String($script:Utf8.GetBytes($json)))
    [Console]::Out.Flush()
}
