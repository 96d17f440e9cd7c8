# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# The directory lock. Several PowerShell processes write one directory file (the desktop app's, the CLI's,
# the rule replay's), so every read-modify-write of it (and of its fault counter) runs holding the lock:
# <directory>.lock opened with FileShare.None for the whole change. Windows refuses a second open of it
# (share mode); .NET on Linux and macOS takes flock(LOCK_EX) for FileShare.None, which every other .NET
# open of the file respects.
# The lock is the open handle, not the file: a process that dies holding it (kill -9 included) releases
# it with its handles, so a dead owner never blocks the others and there is nothing stale to clean up.
# A live owner is never broken (it may be half-way through its write): the wait is bounded
# (HMC_SANDBOX_LOCK_TIMEOUT_MS, default 20000, below the console's call timeout) and then fails with a
# sentence naming the owner, read from <directory>.lock.owner (written by each owner once it holds the lock).
# Nested use in one process (a change that seeds a missing directory) only counts.

function Get-SandboxLockTimeout {
    $v = 0
    if ($env:HMC_SANDBOX_LOCK_TIMEOUT_MS -and [int]::TryParse($env:HMC_SANDBOX_LOCK_TIMEOUT_MS, [ref]$v) -and $v -ge 0) { return $v }
    return 20000
}

function Get-SandboxLockOwner([string]$LockPath) {
    $note = [HybridMailboxConsole.Sandbox.DirectoryLock]::ReadNote($LockPath + '.owner')
    if ($note) { return $note }
    return 'its owner is not known'
}

function Enter-SandboxLock {
    param($Cmdlet)
    if ($script:Lock.Depth -gt 0) {
        $script:Lock.Depth = $script:Lock.Depth + 1
        return
    }
    $path = (Get-SandboxDirectoryPath) + '.lock'
    $dir = [System.IO.Path]::GetDirectoryName([System.IO.Path]::GetFullPath($path))
    if (-not [System.IO.Directory]::Exists($dir)) { [void][System.IO.Directory]::CreateDirectory($dir) }
    $timeout = Get-SandboxLockTimeout
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $pause = 2
    $random = New-Object System.Random
    $stream = $null
    while ($true) {
        $stream = [HybridMailboxConsole.Sandbox.DirectoryLock]::TryOpen($path)
        if ($null -ne $stream) { break }
        if ($watch.ElapsedMilliseconds -ge $timeout) {
            $msg = 'The sandbox directory {0} stayed locked by another PowerShell process for {1} s ({2}); nothing was changed. Wait for that change to finish (or end that process) and try again.' -f (Get-SandboxDirectoryPath), [Math]::Round($timeout / 1000, 1), (Get-SandboxLockOwner $path)
            $ex = New-Object System.TimeoutException($msg)
            $er = New-Object System.Management.Automation.ErrorRecord($ex, 'SandboxDirectoryLocked', [System.Management.Automation.ErrorCategory]::ResourceBusy, $path)
            if ($Cmdlet) { $Cmdlet.ThrowTerminatingError($er) }
            throw $er
        }
        # Jittered, growing pauses: the processes waiting do not wake in step.
        Start-Sleep -Milliseconds ($pause + $random.Next(0, $pause + 1))
        if ($pause -lt 50) { $pause = $pause * 2 }
    }
    $script:Lock.Stream = $stream
    $script:Lock.Depth = 1
    $note = 'process {0} holds it since {1:o} for {2}' -f $PID, [DateTime]::UtcNow, $script:CurrentCmdlet
    # Only the wording of another process's lock timeout depends on the note: a failure to write it is not the change's.
    [void][HybridMailboxConsole.Sandbox.DirectoryLock]::TryWriteNote($path + '.owner', $note)
}

function Exit-SandboxLock {
    if ($script:Lock.Depth -le 0) { return }
    $script:Lock.Depth = $script:Lock.Depth - 1
    if ($script:Lock.Depth -eq 0 -and $null -ne $script:Lock.Stream) {
        $script:Lock.Stream.Dispose()
        $script:Lock.Stream = $null
    }
}
