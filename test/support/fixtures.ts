/** The project's own sample documents (test/fixtures/iqservice): nothing outside the repository is read. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const IQSERVICE_FIXTURES = join(__dirname, '..', 'fixtures', 'iqservice');

export function fixturePath(name: string): string {
  return join(IQSERVICE_FIXTURES, name);
}

export function fixture(name: string): Buffer {
  return readFileSync(fixturePath(name));
}

/** Rule logs in the shapes the field writes (test/fixtures/logs, see its README). */
export const LOG_FIXTURES = join(__dirname, '..', 'fixtures', 'logs');
