/** The settings capability's operations (joined into shared/contract.ts). */
import { z } from 'zod';
import { op, Empty } from '../operation';
import { ChoosePathTarget, PathKey } from './paths';
import { Settings } from './schema';
import { PolicyInfo } from './policy';

export const ChoosePathInput = ChoosePathTarget.extend({
  key: PathKey,
  /**
   * The path a web page proposes (confirmed on the hmc serve terminal) or `hmc config set` gives.
   * The desktop app ignores it: its dialog is the only way to pick there.
   */
  proposed: z.string().trim().min(1).max(4_096).optional(),
}).strict();

export const ChoosePathOutput = z.object({
  settings: Settings,
  /** The path now set; null when the admin cancelled the dialog or answered no. */
  chosen: z.string().nullable(),
  /** One sentence: what was set, or why nothing was. */
  message: z.string(),
});

export const settingsOperations = {
  'settings.get': op({
    input: Empty,
    output: Settings,
    summary: 'The current settings.',
    mutates: false,
  }),
  'settings.policy': op({
    input: Empty,
    output: PolicyInfo,
    summary: "The machine-wide policy: the file, the settings it pins and the actions it turns off.",
    mutates: false,
  }),
  'settings.update': op({
    input: Settings,
    output: Settings,
    summary: 'Validate and save the settings (a path setting it does not already hold is refused: see settings.choosePath).',
    mutates: false,
  }),
  'settings.choosePath': op({
    input: ChoosePathInput,
    output: ChoosePathOutput,
    summary: 'Set a path setting through the front door\'s authority: a dialog on the desktop, a confirmation on the hmc serve terminal or the CLI.',
    mutates: false,
  }),
} as const;
