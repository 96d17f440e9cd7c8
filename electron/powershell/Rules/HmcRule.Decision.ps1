# ---------------------------------------------------------------- decision: the console's decision table
# $script:Config.decision is shared/rules/decision.ts's table for this rule, the same one the console's
# plan inspector evaluates. Statuses: pass, fail, unknown (unknown does not stop an action).

function ConvertTo-HmcString($Value) {
    if ($null -eq $Value) { return $null }
    if ($Value -is [string]) { if ($Value -eq '********') { return $null }; return $Value }
    if ($Value -is [bool]) { if ($Value) { return 'true' }; return 'false' }
    if ($Value -is [int] -or $Value -is [long] -or $Value -is [double]) { return ([string]$Value) }
    return $null
}

function Get-HmcAttribute($Request, [string]$Name) {
    foreach ($a in @($Request.AttributeRequests)) {
        if ($null -ne $a -and ([string]$a.Name) -ieq $Name) { return @{ Present = $true; Value = $a.Value } }
    }
    return @{ Present = $false; Value = $null }
}

function Get-HmcArgument($Request, [string]$Name) {
    $map = $Request.Attributes
    if ($null -eq $map) { return $null }
    if ($map.ContainsKey($Name)) { return $map[$Name] }
    foreach ($k in @($map.Keys)) {
        if (([string]$k) -ieq $Name) { return $map[$k] }
    }
    return $null
}

function Test-HmcSame([string]$Value, $Wanted) {
    if ($null -eq $Value) { return $false }
    foreach ($w in @($Wanted)) { if ($Value.Trim() -ieq [string]$w) { return $true } }
    return $false
}

# The facts the table reads, from the request and result objects of sailpoint.Utils.
function Get-HmcFacts($Request, $Result, $HasResult, [string[]]$ApplicationHosts) {
    $op = [string]$Request.Operation
    if (-not $op) { $op = 'Modify' }
    $sam = ConvertTo-HmcString (Get-HmcAttribute $Request 'sAMAccountName').Value
    $identity = $null
    foreach ($source in @($script:Config.decision.identity)) {
        if ($source -eq 'sAMAccountName' -and $sam) { $identity = $sam; break }
        if ($source -eq 'nativeIdentity' -and $Request.NativeIdentity) { $identity = [string]$Request.NativeIdentity; break }
    }
    $rra = ConvertTo-HmcString (Get-HmcAttribute $Request 'remoteRoutingAddress').Value
    $domain = $null
    if ($rra -and $rra.Contains('@')) { $domain = $rra.Substring($rra.LastIndexOf('@') + 1).Trim() }
    elseif ($script:Config.routingDomain) { $domain = [string]$script:Config.routingDomain }
    $hosts = @($script:Config.hosts | Where-Object { $_ })
    if ($hosts.Count -eq 0) { $hosts = @($ApplicationHosts | Where-Object { $_ }) }
    $errors = $null
    if ($HasResult) { $errors = @($Result.Errors) }
    return @{
        Request = $Request; Op = $op; Identity = $identity; Domain = $domain; Hosts = $hosts
        Errors = $errors; ApplicationKnown = ($null -ne $ApplicationHosts)
    }
}

function Test-HmcCondition($Test, $Facts) {
    switch ([string]$Test.kind) {
        'resultNoErrors' {
            if ($null -eq $Facts.Errors) { return 'unknown' }
            if (@($Facts.Errors).Count -eq 0) { return 'pass' }
            return 'fail'
        }
        'application' {
            if (Test-HmcSame ([string]$Facts.Request.Application) $script:Config.adApplication) { return 'pass' }
            return 'fail'
        }
        'op' { if (Test-HmcSame $Facts.Op $Test.in) { return 'pass' }; return 'fail' }
        'attribute' {
            $a = Get-HmcAttribute $Facts.Request ([string]$Test.name)
            if (-not $a.Present) { return [string]$Test.absent }
            if (Test-HmcSame (ConvertTo-HmcString $a.Value) $Test.in) { return 'pass' }
            return 'fail'
        }
        'argument' {
            $v = ConvertTo-HmcString (Get-HmcArgument $Facts.Request ([string]$Test.name))
            if (Test-HmcSame $v $Test.in) { return 'pass' }
            return 'fail'
        }
        'anyOf' {
            $status = 'fail'
            foreach ($t in @($Test.tests)) {
                $s = Test-HmcCondition $t $Facts
                if ($s -eq 'pass') { return 'pass' }
                if ($s -eq 'unknown') { $status = 'unknown' }
            }
            return $status
        }
        'identity' { if ($Facts.Identity) { return 'pass' }; return 'fail' }
        'routingDomain' { if ($Facts.Domain) { return 'pass' }; return 'unknown' }
        'hosts' {
            if (@($Facts.Hosts).Count -gt 0) { return 'pass' }
            if (-not $Facts.ApplicationKnown) { return 'unknown' }
            return 'fail'
        }
    }
    return 'fail'
}

# The first branch with no failed check decides; otherwise no action, naming the checks that failed.
function Get-HmcDecision($Facts) {
    $shown = $null
    foreach ($branch in @($script:Config.decision.branches)) {
        $failed = @()
        $unknown = @()
        $selected = $false
        foreach ($check in @($branch.checks)) {
            if ([string]$check.test.kind -eq 'application' -and $null -eq $script:Config.adApplication) { continue }
            $s = Test-HmcCondition $check.test $Facts
            if ($s -eq 'fail') { $failed += [string]$check.name }
            if ($s -eq 'unknown') { $unknown += [string]$check.name }
            if ($s -eq 'pass' -and $check.selects) { $selected = $true }
        }
        if ($failed.Count -eq 0) {
            return @{ Action = [string]$branch.action; Failed = @(); Unknown = $unknown }
        }
        if ($null -eq $shown -or ($selected -and -not $shown.Selected)) {
            $shown = @{ Action = 'none'; Failed = $failed; Unknown = $unknown; Selected = $selected }
        }
    }
    return $shown
}

function Get-HmcRoutingAddress($Facts) {
    if (-not $Facts.Identity -or -not $Facts.Domain) { return $null }
    $template = [string]$script:Config.routingTemplate
    $sam = [string]$Facts.Identity
    $domain = [string]$Facts.Domain
    # Literal replacement (no regex replacement text): a $ or backslash in a value stays what it is.
    $out = New-Object System.Text.StringBuilder
    $i = 0
    while ($i -lt $template.Length) {
        $close = -1
        if ($template[$i] -eq '{') { $close = $template.IndexOf('}', $i) }
        if ($close -gt $i) {
            $token = $template.Substring($i + 1, $close - $i - 1)
            if ($token -ieq 'sAMAccountName') { [void]$out.Append($sam); $i = $close + 1; continue }
            if ($token -ieq 'routingDomain') { [void]$out.Append($domain); $i = $close + 1; continue }
        }
        [void]$out.Append($template[$i])
        $i = $i + 1
    }
    return $out.ToString()
}
