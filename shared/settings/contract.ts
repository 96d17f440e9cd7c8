/** The settings capability's operations (joined into shared/contract.ts). */
import { op, Empty } from '../operation';
import { Settings } from './schema';
import { PolicyInfo } from './policy';

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
    summary: 'Validate and save the settings.',
    mutates: false,
  }),
} as const;
