# ---------------------------------------------------------------- core: configuration, log, result
# Windows PowerShell 5.1 and PowerShell 7. Every setting comes from $HmcConfig (base64 of UTF-8 JSON),
# decoded here: no value of the settings is PowerShell source. Values from the request reach Exchange
# only as parameter values, never as text that PowerShell parses.

$ErrorActionPreference = 'Stop'
$ConfirmPreference = 'None'
$ProgressPreference = 'SilentlyContinue'
$script:Started = [DateTime]::UtcNow
$script:Utf8 = New-Object System.Text.UTF8Encoding($false)
$script:Invariant = [System.Globalization.CultureInfo]::InvariantCulture
$script:Config = ConvertFrom-Json -InputObject ($script:Utf8.GetString([System.Convert]::FromBase64String($HmcConfig)))
$script:Deadline = $script:Started.AddSeconds([double]$script:Config.budgetSeconds)
$script:ResultPath = $null
if ($args.Count -gt 0 -and $args[0]) { $script:ResultPath = [string]$args[0] }
$script:LogPath = $null
$script:User = $null
$script:Run = @{ action = 'none'; host = $null; outcome = 'skipped'; errorClass = $null; message = $null }

function Get-HmcNow {
    return [DateTime]::Now.ToString('yyyy-MM-dd HH:mm:ss', $script:Invariant)
}

function Initialize-HmcLog {
    $folder = [string]$script:Config.logFolder
    try {
        if (-not (Test-Path -LiteralPath $folder -PathType Container)) {
            New-Item -ItemType Directory -Path $folder -Force | Out-Null
        }
        $name = ([string]$script:Config.logFile).Replace('{date}', [DateTime]::Now.ToString('yyyy-MM-dd', $script:Invariant))
        $script:LogPath = Join-Path $folder $name
    } catch {
        # No log folder (no rights, a missing drive): the run goes on and still reports to IQService.
        $script:LogPath = $null
        [Console]::Error.WriteLine('HMC rule: the log folder ' + $folder + ' could not be created: ' + $_.Exception.Message)
    }
}

function ConvertTo-HmcLogText([string]$Text) {
    if ($null -eq $Text) { return '' }
    # One entry per line: a value with a line break must not start a forged entry.
    return ($Text -replace '[\r\n\t\f\v]+', ' ')
}

function Write-HmcLog {
    param([string]$Level, [string]$Text)
    if (-not $script:LogPath) { return }
    $who = ''
    if ($script:User) { $who = " user '" + (ConvertTo-HmcLogText $script:User) + "'" }
    $line = '{0}:: [{1}]{2} {3}: {4}' -f (Get-HmcNow), $script:Config.rule, $who, $Level, (ConvertTo-HmcLogText $Text)
    try {
        Add-Content -LiteralPath $script:LogPath -Value $line -Encoding UTF8
    } catch {
        [Console]::Error.WriteLine('HMC rule: the log could not be written: ' + $_.Exception.Message)
    }
}

function Write-HmcRaw([string]$Text) {
    if (-not $script:LogPath) { return }
    try {
        Add-Content -LiteralPath $script:LogPath -Value ('{0}:: {1}' -f (Get-HmcNow), (ConvertTo-HmcLogText $Text)) -Encoding UTF8
    } catch {
        [Console]::Error.WriteLine('HMC rule: the log could not be written: ' + $_.Exception.Message)
    }
}

# The request and result XML as logged: passwords, secret entries and IIQ-encrypted values masked.
function Get-HmcMaskedXml([string]$Xml) {
    if (-not $Xml) { return '' }
    try {
        $settings = New-Object System.Xml.XmlReaderSettings
        $settings.DtdProcessing = [System.Xml.DtdProcessing]::Ignore
        $settings.XmlResolver = $null
        $reader = [System.Xml.XmlReader]::Create((New-Object System.IO.StringReader($Xml)), $settings)
        $doc = New-Object System.Xml.XmlDocument
        $doc.XmlResolver = $null
        $doc.Load($reader)
        $reader.Close()
    } catch {
        return '(the XML could not be read, so it is not logged)'
    }
    $secret = New-Object System.Text.RegularExpressions.Regex(('(?i)' + $script:Config.secretPattern))
    $encrypted = New-Object System.Text.RegularExpressions.Regex('^\s*\d{1,4}:[A-Za-z0-9+/]{8,}={0,2}\s*$')
    $mask = '********'
    # XML nodes are used through their .NET methods: PowerShell's XML adapter would read
    # $node.Attributes as the <Attributes> child element of an AttributeRequest.
    foreach ($n in @($doc.SelectNodes('//*'))) {
        $label = $n.GetAttribute('name')
        if (-not $label) { $label = $n.GetAttribute('key') }
        $isSecret = $false
        if ($label -and $secret.IsMatch($label)) { $isSecret = $true }
        if ($n.get_LocalName() -eq 'AttributeRequest' -and $null -ne $n.SelectSingleNode("Attributes/Map/entry[@key='secret' and @value='true']")) { $isSecret = $true }
        $names = @()
        foreach ($a in @($n.get_Attributes())) { $names += $a.get_Name() }
        foreach ($name in $names) {
            if ($name -eq 'name' -or $name -eq 'key') { continue }
            $v = $n.GetAttribute($name)
            $flag = $v -match '^(?i)(true|false)$'
            if ($encrypted.IsMatch($v) -or ($isSecret -and $name -eq 'value' -and -not $flag)) { $n.SetAttribute($name, $mask) }
        }
        if ($isSecret) {
            foreach ($t in @($n.SelectNodes('Value//text()|value//text()'))) { $t.set_Value($mask) }
        }
    }
    foreach ($t in @($doc.SelectNodes('//text()'))) { if ($encrypted.IsMatch($t.get_Value())) { $t.set_Value($mask) } }
    return $doc.DocumentElement.OuterXml
}

# A failure of ours: an exception carrying its class (Get-HmcErrorClass reads it back).
function New-HmcFailure([string]$Class, [string]$Message) {
    $ex = New-Object System.Exception($Message)
    $ex.Data['HmcClass'] = $Class
    return $ex
}

$script:AuthCodes = @(5, 1326, -2147024891, -2146893044, -2146893042, -2146893039, -2146893022, -2146893053, -2144108273)

# Exception types, FullyQualifiedErrorId and WinRM codes decide, never message text (Exchange answers in the server's language).
function Get-HmcErrorClass($Record) {
    $ex = $Record
    if ($Record -is [System.Management.Automation.ErrorRecord]) { $ex = $Record.Exception }
    if ($null -ne $ex -and $null -ne $ex.Data -and $ex.Data.Contains('HmcClass')) { return [string]$ex.Data['HmcClass'] }
    $names = @()
    $fqid = ''
    $category = ''
    if ($Record -is [System.Management.Automation.ErrorRecord]) {
        $fqid = [string]$Record.FullyQualifiedErrorId
        $names += [string]$Record.CategoryInfo.Reason
        $category = [string]$Record.CategoryInfo.Category
    }
    if ($null -ne $ex) { $names += $ex.GetType().Name }
    $m = [regex]::Match($fqid, 'FailureCategory=(?:Cmdlet|WSMan)-([A-Za-z0-9_]+)')
    if ($m.Success) { $names += $m.Groups[1].Value }
    if ($names -contains 'ManagementObjectNotFoundException') { return 'not-found' }
    if ($names -contains 'RecipientTaskException' -and $category -eq 'InvalidArgument') { return 'wrong-type' }
    if ($names -contains 'PSRemotingTransportException' -or $fqid -match 'PSSessionOpenFailed|PSSessionStateBroken') {
        $code = $null
        if ($null -ne $ex -and $ex.PSObject.Properties['ErrorCode']) { $code = [int]$ex.ErrorCode }
        if ($fqid -match '^(AccessDenied|LogonFailure|AuthenticationFailed|KerberosAuthenticationFailed)\b' -or ($null -ne $code -and $script:AuthCodes -contains $code)) { return 'auth' }
        if ($code -eq -2144108250) { return 'timeout' }
        return 'unreachable'
    }
    if ($names -contains 'ParameterBindingException' -or $names -contains 'ParameterBindingValidationException') { return 'input' }
    return 'exchange'
}

function Get-HmcErrorText($Record) {
    $text = ''
    if ($Record -is [System.Management.Automation.ErrorRecord]) {
        $text = [string]$Record.Exception.Message
        $ours = $Record.Exception.Data.Contains('HmcClass')
        if (-not $ours -and $Record.FullyQualifiedErrorId -and $Record.FullyQualifiedErrorId -ne $text) {
            $text = $text + ' (' + $Record.CategoryInfo.Reason + '; ' + $Record.FullyQualifiedErrorId + ')'
        }
    } elseif ($null -ne $Record) {
        $text = [string]$Record.Message
    }
    return $text
}

function Write-HmcResultLine {
    $line = [ordered]@{
        rule       = [string]$script:Config.rule
        user       = $script:User
        action     = [string]$script:Run.action
        host       = $script:Run.host
        outcome    = [string]$script:Run.outcome
        errorClass = $script:Run.errorClass
        durationMs = [int]([DateTime]::UtcNow - $script:Started).TotalMilliseconds
        message    = $script:Run.message
    }
    Write-HmcRaw ('RESULT :: ' + (ConvertTo-Json -InputObject $line -Compress))
}

# IQService reads the result from the file named by the script's only argument.
function Save-HmcResult($Result) {
    if (-not $script:ResultPath -or $null -eq $Result) { return }
    try {
        $Result.toxml() | Out-File -LiteralPath $script:ResultPath
    } catch {
        Write-HmcLog 'ERROR' ('The result could not be written to ' + $script:ResultPath + ': ' + $_.Exception.Message)
    }
}
