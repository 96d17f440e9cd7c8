# ---------------------------------------------------------------- mail and main

function Send-HmcFailureMail {
    if ([string]$script:Config.mail.mode -ne 'smtp') { return }
    $msg = $null
    $smtp = $null
    try {
        $rows = [ordered]@{
            'Rule'          = ([string]$script:Config.rule + ' (' + [string]$script:Config.ruleName + ')')
            'User'          = $script:User
            'Action'        = $script:Run.action
            'Exchange host' = $script:Run.host
            'Error class'   = $script:Run.errorClass
            'Error'         = $script:Run.message
            'IQService host' = $env:COMPUTERNAME
            'Log file'      = $script:LogPath
            'Time'          = (Get-HmcNow)
        }
        $html = New-Object System.Text.StringBuilder
        [void]$html.Append('<html><body><p>The IdentityIQ native rule failed. What the console knows:</p><table>')
        foreach ($k in $rows.Keys) {
            [void]$html.Append('<tr><th align="left">' + [System.Net.WebUtility]::HtmlEncode($k) + '</th><td>' + [System.Net.WebUtility]::HtmlEncode([string]$rows[$k]) + '</td></tr>')
        }
        [void]$html.Append('</table><p>Open the user in the Hybrid Mailbox Console to see the log and fix it.</p></body></html>')
        $msg = New-Object System.Net.Mail.MailMessage
        $msg.From = New-Object System.Net.Mail.MailAddress([string]$script:Config.mail.from)
        foreach ($to in @($script:Config.mail.to)) { $msg.To.Add([string]$to) }
        $msg.Subject = ConvertTo-HmcLogText ('[HMC] ' + $script:Config.rule + ' failed for ' + $script:User + ' (' + $script:Run.errorClass + ')')
        $msg.SubjectEncoding = $script:Utf8
        $msg.BodyEncoding = $script:Utf8
        $msg.IsBodyHtml = $true
        $msg.Body = $html.ToString()
        $smtp = New-Object System.Net.Mail.SmtpClient([string]$script:Config.mail.host, [int]$script:Config.mail.port)
        $smtp.EnableSsl = [bool]$script:Config.mail.useTls
        # The IQService account's own (Kerberos/NTLM) identity, or an anonymous relay: never a password from the plan.
        $smtp.UseDefaultCredentials = $true
        $left = [int]($script:Started.AddSeconds([double]$script:Config.timeoutSeconds) - [DateTime]::UtcNow).TotalMilliseconds - 2000
        $smtp.Timeout = [Math]::Max(1000, [Math]::Min(15000, $left))
        $smtp.Send($msg)
        Write-HmcLog 'INFO' ('Failure mail sent to ' + (@($script:Config.mail.to) -join ', ') + '.')
    } catch {
        Write-HmcLog 'WARNING' ('The failure mail could not be sent through ' + $script:Config.mail.host + ': ' + $_.Exception.Message)
    } finally {
        if ($null -ne $msg) { $msg.Dispose() }
        if ($null -ne $smtp) { $smtp.Dispose() }
    }
}

Initialize-HmcLog
$result = $null
try {
    $here = $PSScriptRoot
    if (-not $here) { $here = (Get-Location).Path }
    Add-Type -Path (Join-Path $here 'Utils.dll')
    $request = New-Object sailpoint.Utils.objects.AccountRequest([sailpoint.Utils.xml.XmlUtil]::getReader((New-Object System.IO.StringReader([string]$env:Request))))
    $hasResult = [bool]$env:Result
    if ($hasResult) {
        $result = New-Object sailpoint.Utils.objects.ServiceResult([sailpoint.Utils.xml.XmlUtil]::getReader((New-Object System.IO.StringReader([string]$env:Result))))
    } else {
        $result = New-Object sailpoint.Utils.objects.ServiceResult
    }
    $facts = Get-HmcFacts $request $result $hasResult (Get-HmcApplicationHosts)
    $script:User = $facts.Identity
    Write-HmcLog 'INFO' ('Started: ' + $request.Operation + ' ' + $request.NativeIdentity + ' on ' + $request.Application + '.')
    Write-HmcRaw ('Request Object :: ' + (Get-HmcMaskedXml ([string]$env:Request)))
    if ($hasResult) { Write-HmcRaw ('Result Object :: ' + (Get-HmcMaskedXml ([string]$env:Result))) }
    $decision = Get-HmcDecision $facts
    $script:Run.action = $decision.Action
    if ($decision.Action -eq 'none') {
        $script:Run.message = 'No action: ' + ($decision.Failed -join ', ') + ' do not hold.'
        Write-HmcLog 'INFO' ('Decision: no action; these checks do not hold: ' + ($decision.Failed -join '; ') + '.')
    } else {
        $extra = ''
        if ($decision.Unknown.Count -gt 0) { $extra = ' (not known, assumed to hold: ' + ($decision.Unknown -join '; ') + ')' }
        Write-HmcLog 'INFO' ('Decision: ' + $decision.Action + $extra + '.')
        if ($script:Config.useCreatedOnServer -and $hasResult -and $null -ne $result.Attributes) {
            $dc = ConvertTo-HmcString $result.Attributes['createdOnServer']
            if ($dc) { $script:DomainController = $dc; Write-HmcLog 'INFO' ('Using the domain controller the account was created on: ' + $dc + '.') }
        }
        if ([string]$script:Config.credential.mode -eq 'dpapi') {
            try {
                $script:Credential = Import-Clixml -LiteralPath ([string]$script:Config.credential.path)
            } catch {
                throw (New-HmcFailure 'config' ('The Exchange credential could not be read from ' + $script:Config.credential.path + ' (' + $_.Exception.Message + '). Save it there as the IQService service account: Get-Credential | Export-Clixml -Path <that file>.'))
            }
        }
        Invoke-HmcOnExchange $decision $facts
    }
} catch {
    $script:Run.outcome = 'failed'
    $script:Run.errorClass = Get-HmcErrorClass $_
    $script:Run.message = ConvertTo-HmcLogText (Get-HmcErrorText $_)
    Write-HmcLog 'ERROR' ($script:Run.action + ' failed (' + $script:Run.errorClass + '): ' + $script:Run.message)
    if ($null -ne $result) { $result.Errors.Add($script:Config.rule + ' ' + $script:Run.action + ' failed (' + $script:Run.errorClass + '): ' + $script:Run.message) }
    Send-HmcFailureMail
} finally {
    Save-HmcResult $result
    Write-HmcLog 'INFO' ('Finished in {0} ms: {1}.' -f [int]([DateTime]::UtcNow - $script:Started).TotalMilliseconds, $script:Run.outcome)
    Write-HmcResultLine
}
if ($script:Run.outcome -eq 'failed') { exit 1 }
exit 0
