/**
 * The desktop app's path authority: the native dialog. The renderer only asks for a choice; what it
 * might propose is ignored, so a script in the page cannot pick a program or a file to write. The dialog
 * is modal to the app's focused window.
 */
import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import { HmcError } from '../../shared/errors';
import type { PathAuthority, PathRequest } from '../core/authority';

export function dialogAuthority(): PathAuthority {
  return {
    where: 'in the dialog',
    async choose(req: PathRequest): Promise<string | null> {
      const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const title = `Choose the ${req.label}`;
      const defaultPath = req.current ?? undefined;
      let chosen: string | undefined;
      if (req.kind === 'save-file') {
        const options = { title, ...(defaultPath ? { defaultPath } : {}), filters: [{ name: 'JSON', extensions: ['json'] }] };
        const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        chosen = r.canceled ? undefined : r.filePath;
      } else {
        const options: OpenDialogOptions = {
          title,
          ...(defaultPath ? { defaultPath } : {}),
          properties: [req.kind === 'folder' ? 'openDirectory' : 'openFile', 'dontAddToRecent'],
          ...(req.kind === 'file' && /CA/.test(req.label) ? { filters: [{ name: 'PEM certificates', extensions: ['pem', 'crt', 'cer'] }, { name: 'All files', extensions: ['*'] }] } : {}),
        };
        const r = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        chosen = r.canceled ? undefined : r.filePaths[0];
      }
      if (!chosen) return null;
      const problem = await req.check(chosen);
      if (problem) throw new HmcError('INVALID_INPUT', problem);
      return chosen;
    },
  };
}
