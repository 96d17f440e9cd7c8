/** The settings capability's slice of the contract, served by its one SettingsService. */
import type { PathAuthorities } from '../../core/authority';
import type { HandlersFor } from '../../core/router';
import type { settingsOperations } from '../../../shared/settings/contract';
import type { SettingsService } from './service';

export function settingsHandlers(settings: SettingsService, authorities: PathAuthorities): HandlersFor<typeof settingsOperations> {
  return {
    'settings.get': () => settings.get(),
    'settings.policy': () => settings.policy(),
    'settings.update': (input, ctx) => settings.update(input, ctx.door),
    'settings.choosePath': (input, ctx) => settings.choosePath(input, authorities.get(ctx.door), ctx.signal),
  };
}
