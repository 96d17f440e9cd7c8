/** Every CLI command, by feature. Add a feature's commands here. */
import type { Command } from '../framework';
import { serveCommands } from './serve';
import { systemCommands } from './system';
import { planCommands } from './plans';

export const COMMANDS: Command[] = [...systemCommands, ...planCommands, ...serveCommands];
