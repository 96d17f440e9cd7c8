import { describe, expect, test } from 'vitest';
import { MAX_BULK, bulkChange, parseIdentities, pool, readPastedIdentities } from '../../../shared/exchange/bulk';
import { applicability } from '../../../shared/exchange/changes';
import { recipient, remote } from './recipient-fixture';

describe('parseIdentities', () => {
  test('one per line or semicolon; quotes, blanks, tabs, comments and duplicates dropped', () => {
    expect(parseIdentities('lee.gu\n  "isaiah.langer" \nLEE.GU\nalex.wilber')).toEqual(['lee.gu', 'isaiah.langer', 'alex.wilber']);
    expect(parseIdentities("a;b\r\n# a comment\n\n'c'\nd\tcolumn two\n\"\"")).toEqual(['a', 'b', 'c', 'd']);
  });
  test('commas do not separate (distinguished names contain them)', () => {
    expect(parseIdentities('CN=Lee Gu,OU=Staff,DC=corp,DC=example')).toEqual(['CN=Lee Gu,OU=Staff,DC=corp,DC=example']);
  });
  test('the limit is a number the panel can show', () => {
    expect(MAX_BULK).toBe(500);
  });
});

test('bulk actions are the shared changes', () => {
  expect(bulkChange('enable')).toEqual({ kind: 'enable' });
  expect(bulkChange('hide')).toEqual({ kind: 'hide', hidden: true });
  expect(applicability(bulkChange('enable'), recipient()).kind).toBe('change');
  expect(applicability(bulkChange('hide'), remote({ HiddenFromAddressListsEnabled: true })).kind).toBe('nothing');
});

describe('pool', () => {
  test('runs everything, at most n at a time', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await pool([1, 2, 3, 4, 5, 6, 7], 3, async (x) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(x);
      running--;
    });
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });
  test('one at a time keeps the order; stop() ends it after the current item', async () => {
    const seen: number[] = [];
    let stop = false;
    await pool([1, 2, 3, 4], 1, async (x) => {
      seen.push(x);
      if (x === 2) stop = true;
    }, () => stop);
    expect(seen).toEqual([1, 2]);
  });
  test('an empty list does nothing', async () => {
    await pool([], 4, async () => {
      throw new Error('never');
    });
  });
});

describe('a pasted table with a header row', () => {
  test('never sends the header as an identity, and picks the identity column from it', () => {
    const csv = 'DisplayName,sAMAccountName,Department\r\n"O\'Brien, Sean",sobrien,IT\r\nAoife Byrne,abyrne,HR\r\n"Bruno ""B"" Costa",bcosta,Sales\r\n,,\r\nAoife B,ABYRNE,HR\r\nHugo,hugo.x,IT\r\n';
    expect(readPastedIdentities(csv)).toEqual({ identities: ['sobrien', 'abyrne', 'bcosta', 'hugo.x'], column: 'sAMAccountName', duplicates: 1 });
  });

  test('reads a BOM, semicolons and a UPN column; sAMAccountName wins over mail when both are there', () => {
    expect(parseIdentities('\uFEFFUserPrincipalName;Name\nlee.gu@corp.example;Lee\nalex@corp.example;Alex\n')).toEqual(['lee.gu@corp.example', 'alex@corp.example']);
    expect(parseIdentities('mail\tsAMAccountName\nlee.gu@corp.example\tlee.gu\n')).toEqual(['lee.gu']);
  });

  test('a five-row file with a header gives five identities, not six', () => {
    const rows = ['identity', 'a1', 'a2', 'a3', 'a4', 'a5'].join('\n');
    expect(parseIdentities(rows)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  test('without a header, a list stays a list (DNs keep their commas)', () => {
    expect(readPastedIdentities('CN=Lee Gu,OU=Staff,DC=corp\nalex')).toEqual({ identities: ['CN=Lee Gu,OU=Staff,DC=corp', 'alex'], column: null, duplicates: 0 });
  });
});
