/**
 * The layer rules are lint rules: prove that they fire on violations and stay quiet on allowed imports.
 */
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const eslint = new ESLint({ cwd: root });

async function lint(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ['shared/x.ts', "import { readFile } from 'node:fs';\nexport const a = readFile;\n"],
    ['shared/x.ts', "import fs from 'fs';\nexport const a = fs;\n"],
    ['shared/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['shared/x.ts', "import { createCore } from '../electron/app/core';\nexport const a = createCore;\n"],
    ['shared/x.ts', 'export const a = window.location;\n'],
    ['shared/x.ts', 'export const a = process.env;\n'],
    ['renderer/x.ts', "import { readFile } from 'node:fs/promises';\nexport const a = readFile;\n"],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['renderer/x.ts', "import { createCore } from '../electron/app/core';\nexport const a = createCore;\n"],
    ['electron/services/exchange/x.ts', "import { safeStorage } from 'electron';\nexport const a = safeStorage;\n"],
    ['electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/cli/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['electron/webhost/x.ts', "import { BrowserWindow } from 'electron';\nexport const a = BrowserWindow;\n"],
    ['electron/core/x.ts', "import { LogService } from '../services/logs/service';\nexport const a = LogService;\n"],
    ['electron/core/x.ts', "import { createCore } from '../app/core';\nexport const a = createCore;\n"],
  ])('%s: refuses a layer violation', async (file, code) => {
    expect(await lint(file, code)).not.toEqual([]);
  });

  it.each([
    ['shared/x.ts', "import { z } from 'zod';\nexport const a = z;\n"],
    ['renderer/x.ts', "import { operations } from '../shared/contract';\nexport const a = operations;\n"],
    ['electron/services/x.ts', "import { readFile } from 'node:fs/promises';\nexport const a = readFile;\n"],
    ['electron/shell/window.ts', "import { BrowserWindow } from 'electron';\nexport const a = BrowserWindow;\n"],
    ['electron/shell/preload.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n"],
    ['electron/app/x.ts', "import { LogService } from '../services/logs/service';\nexport const a = LogService;\n"],
  ])('%s: allows what the layer may use', async (file, code) => {
    expect(await lint(file, code)).toEqual([]);
  });

  it('bans dangerouslySetInnerHTML in the renderer', async () => {
    const [result] = await eslint.lintText('export const A = () => <div dangerouslySetInnerHTML={{ __html: "x" }} />;\n', {
      filePath: join(root, 'renderer/x.tsx'),
    });
    expect(result?.messages.some((m) => m.ruleId === 'no-restricted-syntax')).toBe(true);
  });
});
