# Part of HmcHost (dot-sourced by HmcHost.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# Start-HmcWatchdog: PowerShell ends when the console process that started it is gone.
#
# PowerShell reads the console's commands from stdin, but only between commands: a console killed
# during a long call (kill -9, a crash, the task manager) would leave the call running to its end,
# applying a change nobody records. So the start line names the console's process id, and a second
# runspace (its own thread, so it runs while a command does) checks every quarter second that the
# process is still there, with the start time it had (a reused id is another process); once it is
# gone, or a zombie waiting for its reaper (Linux), this process kills itself at once, without
# finishing the command. The directory lock and the session go with the process's handles.
# Not an allow-listed command: only the console's start line, which is code it writes, calls it.
# Node has no parent-death signal (prctl) and no Windows job object without a native module; on
# Windows the same watchdog runs (process ids and start times are what .NET reports there).

$script:WatchdogScript = {
    param([int]$ParentId, [DateTime]$Started, [int]$IntervalMs)
    while ($true) {
        Start-Sleep -Milliseconds $IntervalMs
        $alive = $false
        try {
            $p = [System.Diagnostics.Process]::GetProcessById($ParentId)
            $alive = (-not $p.HasExited) -and ($p.StartTime -eq $Started)
            $stat = '/proc/{0}/stat' -f $ParentId
            if ($alive -and [System.IO.File]::Exists($stat)) {
                $text = [System.IO.File]::ReadAllText($stat)
                $alive = $text.Substring($text.LastIndexOf(')') + 2, 1) -ne 'Z'
            }
        } catch {
            # GetProcessById throws once no process has the id: the console is gone.
            $alive = $false
        }
        if (-not $alive) { [System.Diagnostics.Process]::GetCurrentProcess().Kill() }
    }
}

function Start-HmcWatchdog {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][int]$ParentId, [int]$IntervalMs = 250)
    if ($null -ne $script:Watchdog) { return }
    try {
        $started = [System.Diagnostics.Process]::GetProcessById($ParentId).StartTime
    } catch {
        # The console ended before this process finished starting: nobody is left to send commands.
        [System.Diagnostics.Process]::GetCurrentProcess().Kill()
    }
    $ps = [System.Management.Automation.PowerShell]::Create()
    [void]$ps.AddScript($script:WatchdogScript.ToString()).AddArgument($ParentId).AddArgument($started).AddArgument($IntervalMs)
    $script:Watchdog = @{ PowerShell = $ps; Handle = $ps.BeginInvoke() }
}
