/**
 * A `.log` file handed to the desktop app ("Open with" in Explorer, a command line, or a second
 * launch while the app runs, which Electron's single-instance lock turns into `second-instance`)
 * opens in the log viewer: the main process tells the renderer with the `system.openLog` event.
 * The path was chosen by the user on their own desktop, not by the page.
 */
import { isAbsolute, resolve } from 'node:path';

/**
 * The `.log` file named on a command line, as an absolute path, or null.
 * `argv` is the process' own (or the second instance's): the executable first, then, when run
 * unpackaged (`electron .`), the app path; Electron and Chromium add `--switches` anywhere
 * (`--allow-file-access-from-files`, `--original-process-start-time=...`), which are skipped.
 */
export function logFileFromArgv(argv: readonly string[], opts: { defaultApp: boolean; cwd: string }): string | null {
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  // Unpackaged, the first plain argument is the app (a folder or main.js), never a document.
  if (opts.defaultApp) args.shift();
  const file = [...args].reverse().find((a) => /\.log$/i.test(a) && !a.includes('\0'));
  if (!file) return null;
  return isAbsolute(file) ? resolve(file) : resolve(opts.cwd, file);
}

/**
 * Log files waiting for the renderer: held until the window's page has subscribed to
 * `system.openLog` (a file given at start arrives before the page has loaded), then emitted.
 */
export class PendingLogOpens {
  private readonly queue: string[] = [];

  constructor(
    private readonly emit: (path: string) => void,
    private readonly hasListener: () => boolean,
  ) {}

  open(path: string): void {
    this.queue.push(path);
    this.flush();
  }

  /** Called when a page subscribed to the event. */
  flush(): void {
    if (!this.hasListener()) return;
    for (const path of this.queue.splice(0)) this.emit(path);
  }
}
