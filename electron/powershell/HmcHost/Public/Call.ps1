# Part of HmcHost (dot-sourced by HmcHost.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Invoke-HmcCall: one request in (an allow-listed command and its parameters, splatted), one envelope out.

function Add-HmcAllowedCommand {
    # Lets the console's start line allow the functions of an extra module (the test laboratory's).
    # Not in the allow-list itself: a request can never call it, only a line the console writes as code.
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]]$Name)
    $script:AllowedCommands = @($script:AllowedCommands) + @($Name)
}

function Invoke-HmcCall {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Request)
    $envelope = [ordered]@{ v = 1; ok = $false; value = $null; errors = @(); warnings = @() }
    $errors = New-Object System.Collections.Generic.List[object]
    $warnings = New-Object System.Collections.Generic.List[string]
    try {
        Clear-History -ErrorAction SilentlyContinue
        $req = ConvertFrom-Json -InputObject ($script:Utf8.GetString([System.Convert]::FromBase64String($Request)))
        $name = [string]$req.command
        if ($name -cnotmatch '^[A-Za-z]+-[A-Za-z0-9]+$' -or -not ($script:AllowedCommands -contains $name)) {
            throw (New-Object System.ArgumentException('The command is not one the console may run.'))
        }
        $params = ConvertFrom-HmcWire $req.params
        if ($null -eq $params) { $params = @{} }
        $select = @()
        if ($null -ne $req.select) { $select = @($req.select | ForEach-Object { [string]$_ }) }
        $ev = $null
        $wv = $null
        $caught = $null
        $out = $null
        $ErrorActionPreference = 'Stop'
        $ProgressPreference = 'SilentlyContinue'
        $ConfirmPreference = 'None'
        try {
            # -ErrorAction Stop explicitly: implicit-remoting proxies live in their own module and do not see
            # this scope's $ErrorActionPreference; without it a remote error can be lost (not even in -ErrorVariable).
            $out = @(& $name @params -ErrorAction Stop -ErrorVariable ev -WarningVariable wv -WarningAction SilentlyContinue)
        } catch {
            $caught = $_
        }
        $records = New-Object System.Collections.Generic.List[object]
        foreach ($e in @($ev) + @($caught)) {
            if ($null -eq $e) { continue }
            $rec = $e
            if (-not ($rec -is [System.Management.Automation.ErrorRecord])) {
                if ($rec -is [System.Exception]) {
                    $rec = New-Object System.Management.Automation.ErrorRecord($rec, 'Exception', [System.Management.Automation.ErrorCategory]::NotSpecified, $null)
                } else { continue }
            }
            # -ErrorAction Stop wraps the original record (e.g. a remote Exchange error) in an ActionPreferenceStopException.
            if ($rec.Exception -is [System.Management.Automation.ActionPreferenceStopException] -and $null -ne $rec.Exception.ErrorRecord) {
                $rec = $rec.Exception.ErrorRecord
            }
            $dup = $false
            foreach ($r in $records) { if ([object]::ReferenceEquals($r.Exception, $rec.Exception)) { $dup = $true } }
            if (-not $dup) { $records.Add($rec) }
        }
        # A terminating error raised by a helper inside a cmdlet also arrives wrapped in a
        # CmdletInvocationException: report the original record, not the wrapper.
        foreach ($rec in $records) {
            $wrapped = $false
            if ($rec.Exception -is [System.Management.Automation.CmdletInvocationException] -and $null -ne $rec.Exception.InnerException) {
                foreach ($other in $records) {
                    if ([object]::ReferenceEquals($other.Exception, $rec.Exception.InnerException)) { $wrapped = $true }
                }
            }
            if (-not $wrapped) { $errors.Add((ConvertTo-HmcErrorInfo $rec)) }
        }
        foreach ($w in @($wv)) { if ($null -ne $w) { $warnings.Add([string]$w.Message) } }
        $values = New-Object System.Collections.Generic.List[object]
        foreach ($o in $out) {
            if ($null -eq $o) { continue }
            if ($o -is [System.Management.Automation.ErrorRecord]) { $errors.Add((ConvertTo-HmcErrorInfo $o)); continue }
            if ($o -is [System.Management.Automation.WarningRecord]) { $warnings.Add([string]$o.Message); continue }
            $values.Add((ConvertTo-HmcData $o 0 $select))
        }
        $envelope.value = $values.ToArray()
        $envelope.ok = ($errors.Count -eq 0)
    } catch {
        $errors.Add((ConvertTo-HmcErrorInfo $_))
        $envelope.ok = $false
    }
    $envelope.errors = $errors.ToArray()
    $envelope.warnings = $warnings.ToArray()
    Write-HmcEnvelope $envelope
}
