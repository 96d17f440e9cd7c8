/** The story capability's operations (joined into shared/contract.ts). */
import { op } from '../operation';
import { StoryInput, StoryOutput } from './schemas';

export const storyOperations = {
  'story.get': op({
    input: StoryInput,
    output: StoryOutput,
    summary: "One user's story: the provisioning requests and rule runs in the logs, the console's changes and the recipient in Exchange now, in time order, with a verdict and the next step.",
    mutates: false,
  }),
} as const;
