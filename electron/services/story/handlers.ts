/** The story capability's slice of the contract, served by its one StoryService. */
import type { HandlersFor } from '../../core/router';
import type { storyOperations } from '../../../shared/story/contract';
import type { StoryService } from './service';

export function storyHandlers(story: StoryService): HandlersFor<typeof storyOperations> {
  return {
    'story.get': (input) => story.get(input),
  };
}
