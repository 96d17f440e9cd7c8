# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Exchange's error records: the real messages, exception types and FullyQualifiedErrorId shape.

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
