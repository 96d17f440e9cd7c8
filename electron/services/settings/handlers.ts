/** The settings capability's slice of the contract, served by its one SettingsService. */
import type { HandlersFor } from '../../core/router';
import type { settingsOperations } from '../../../shared/settings/contract';
import type { SettingsService } from './service';

export function settingsHandlers(settings: SettingsService): HandlersFor<typeof settingsOperations> {
  return {
    'settings.get': () => settings.get(),
    'settings.policy': () => settings.policy(),
    'settings.update': (input) => settings.update(input),
  };
}
