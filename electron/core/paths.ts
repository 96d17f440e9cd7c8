/**
 * Where the app's code, tools and data live. Tests and portable installs override with
 * HMC_HOME (data folder), HMC_APP_ROOT and HMC_TOOLS_DIR.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface AppPaths {
  appRoot: string;
  dataDir: string;
  settingsFile: string;
  toolsDir: string;
  appVersion: string;
  /** What could not be read while resolving (the version, when appRoot holds no readable package.json), for the diagnostics log. */
  problems: string[];
}

const APP_NAME = 'hybrid-mailbox-console';

function here(): string {
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

/** Walks up from this file to the folder holding our package.json (works from source, out/ and app.asar). */
export function findAppRoot(start = here()): string {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name;
        if (name === APP_NAME) return dir;
      } catch {
        // Unreadable or not JSON: not our package.json, so the app root is further up.
      }
    }
    const up = dirname(dir);
    if (up === dir) return resolve(start);
    dir = up;
  }
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') {
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Hybrid Mailbox Console');
  }
  if (platform === 'darwin') {
    return join(homedir(), 'Library', 'Application Support', 'Hybrid Mailbox Console');
  }
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

export function resolvePaths(env: NodeJS.ProcessEnv = process.env): AppPaths {
  const appRoot = env.HMC_APP_ROOT ? resolve(env.HMC_APP_ROOT) : findAppRoot();
  const dataDir = env.HMC_HOME ? resolve(env.HMC_HOME) : defaultDataDir(env);
  let appVersion = '0.0.0';
  const problems: string[] = [];
  try {
    appVersion = (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch (e) {
    // Status still works with the placeholder; the diagnostics log says why it is one.
    problems.push(`The app's package.json in ${appRoot} could not be read (${(e as Error).message}); the version shows as ${appVersion}.`);
  }
  return {
    appRoot,
    dataDir,
    settingsFile: join(dataDir, 'settings.json'),
    toolsDir: env.HMC_TOOLS_DIR ? resolve(env.HMC_TOOLS_DIR) : join(appRoot, '.tools'),
    appVersion,
    problems,
  };
}
