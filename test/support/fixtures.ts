/**
 * The IdentityIQ/IQService fixtures live in the read-only `shared/fixtures/iqservice` folder beside
 * the checkout, which for a worktree is further up: the nearest ancestor of the checkout that holds
 * it. HMC_FIXTURES_DIR (the folder holding `iqservice/`) overrides the search.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

function findFixtures(): string {
  if (process.env.HMC_FIXTURES_DIR) return join(resolve(process.env.HMC_FIXTURES_DIR), 'iqservice');
  const checkout = resolve(__dirname, '..', '..');
  for (let dir = dirname(checkout); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'fixtures', 'iqservice');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(dirname(checkout), 'shared', 'fixtures', 'iqservice');
  }
}

export const IQSERVICE_FIXTURES = findFixtures();
