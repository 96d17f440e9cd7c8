# Part of SandboxExchange (dot-sourced by SandboxExchange.psm1; ASCII, Windows PowerShell 5.1 and PowerShell 7).
# The .NET exception types the sandbox throws, in Exchange's own namespaces (so errors classify as
# Exchange's do), compiled once per user and PowerShell version and cached.

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
namespace HybridMailboxConsole.Sandbox {
    // The directory lock's file calls (Private/Lock.ps1). In C# because a .NET exception caught in
    // PowerShell still lands in the -ErrorVariable of the command being run, and the console judges
    // a call by that: an expected "in use" while waiting must not be reported as the change's error.
    public static class DirectoryLock {
        // The lock file opened exclusively, or null while another process holds it.
        public static System.IO.FileStream TryOpen(string path) {
            try {
                return new System.IO.FileStream(path, System.IO.FileMode.OpenOrCreate, System.IO.FileAccess.ReadWrite, System.IO.FileShare.None);
            } catch (System.IO.FileNotFoundException) {
                throw;
            } catch (System.IO.DirectoryNotFoundException) {
                throw;
            } catch (System.IO.PathTooLongException) {
                throw;
            } catch (System.IO.IOException) {
                return null;
            }
        }
        // The owner note (informational): false when it could not be written.
        public static bool TryWriteNote(string path, string text) {
            try {
                System.IO.File.WriteAllText(path, text);
                return true;
            } catch (System.Exception) {
                return false;
            }
        }
        public static string ReadNote(string path) {
            try {
                return System.IO.File.ReadAllText(path).Trim();
            } catch (System.Exception) {
                return null;
            }
        }
    }
}
'@

function Import-SandboxTypes {
    if ('HybridMailboxConsole.Sandbox.DirectoryLock' -as [type]) { return }
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
    if (-not ('HybridMailboxConsole.Sandbox.DirectoryLock' -as [type])) {
        Add-Type -TypeDefinition $script:TypesSource
    }
}
