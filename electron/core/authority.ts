/**
 * Who may choose a path the main process will run, load, read or write. A page never does: each front
 * door registers its authority here (the desktop shell a native dialog, `hmc serve` a confirmation on its
 * terminal, the CLI its own command line), and the core asks the authority of the door a call came
 * through. A door with none registered cannot choose a path, and says how to.
 */
import { HmcError } from '../../shared/errors';
import type { PathKind } from '../../shared/settings/paths';
import type { Door } from './callers';

export interface PathRequest {
  /** What is being chosen, e.g. "PowerShell executable" or "log file to read". */
  label: string;
  kind: PathKind;
  /** What the console will do with it, for the prompt. */
  use: string;
  /** The value now set (the dialog starts there), if any. */
  current: string | null;
  /** What the page proposed (the web host confirms it; the desktop dialog ignores it). */
  proposed: string | null;
  /** Checks a candidate before the admin is asked (exists, is a file, ...): a sentence, or null when fine. */
  check(path: string): Promise<string | null>;
}

export interface PathAuthority {
  /** The chosen path, or null when the admin cancelled or said no. Throws HmcError when it cannot ask. */
  choose(request: PathRequest, signal?: AbortSignal): Promise<string | null>;
  /** How the admin is asked, for the answer's sentence ("in the dialog", "on the hmc serve terminal"). */
  readonly where: string;
}

export class PathAuthorities {
  private readonly byDoor = new Map<Door, PathAuthority>();

  /** The door's authority from now on (replaces an earlier one). */
  set(door: Door, authority: PathAuthority): void {
    this.byDoor.set(door, authority);
  }

  get(door: Door): PathAuthority {
    const a = this.byDoor.get(door);
    if (!a) {
      throw new HmcError(
        'PATH_NOT_ALLOWED',
        'This front door has no way to confirm a path with the admin. Use the desktop app, start the browser console with "hmc serve" in a terminal, or run "hmc config set KEY VALUE" on a terminal.',
      );
    }
    return a;
  }
}

/** An authority that takes the given path as chosen once its check passes: the CLI, whose arguments are the admin's own. */
export function commandLineAuthority(confirm: (question: string) => Promise<boolean>): PathAuthority {
  return {
    where: 'on the command line',
    async choose(req) {
      if (!req.proposed) throw new HmcError('INVALID_INPUT', `Give the ${req.label} as the value.`);
      const problem = await req.check(req.proposed);
      if (problem) throw new HmcError('INVALID_INPUT', problem);
      return (await confirm(`Set the ${req.label} (${req.use}) to ${req.proposed}?`)) ? req.proposed : null;
    },
  };
}
