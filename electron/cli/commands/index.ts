/** Every CLI command, by feature. Add a feature's commands here. */
import type { Command } from '../framework';
import { systemCommands } from './system';
import { planCommands } from './plans';
import { exchangeCommands } from './exchange';
import { connectivityCommands } from './connectivity';
import { logsCommands } from './logs';
import { serveCommands } from './serve';
import { notifyCommands } from './notify';
import { ruleCommands } from './rules';
import { configCommands } from './config';
import { auditCommands } from './audit';
import { storyCommands } from './story';

export const COMMANDS: Command[] = [...systemCommands, ...configCommands, ...planCommands, ...exchangeCommands, ...connectivityCommands, ...logsCommands, ...ruleCommands, ...auditCommands, ...storyCommands, ...notifyCommands, ...serveCommands];
