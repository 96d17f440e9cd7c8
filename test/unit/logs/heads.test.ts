/**
 * Line heads read on the bytes (electron/services/logs/heads.ts) decide exactly as parseHead does on the
 * decoded line.
 */
import { describe, expect, it } from 'vitest';
import { parseHead } from '../../../shared/logs/parse';
import { headKindBytes } from '../../../electron/services/logs/heads';
import { runLines } from '../../../electron/services/logs/lines';
import { rng } from '../../support/logs-gen';
import { ROUNDS, continuation, cp1252, headLine, pick } from '../../support/random-logs';

describe('byte-level line heads', () => {
  it('decide like parseHead on the line runLines gives, in UTF-8 and ANSI', () => {
    const r = rng(9 * ROUNDS);
    for (let i = 0; i < 4000 * ROUNDS; i++) {
      const line = r() < 0.7 ? headLine(r) : continuation(r);
      const eol = pick(r, ['\r\n', '\n', '']);
      for (const bytes of [Buffer.from(line + eol, 'utf8'), cp1252(line + eol)]) {
        const [exact] = runLines({ mode: 'bit8', offset: 0, text: bytes.toString('latin1'), ascii: false });
        const want = exact ? parseHead(exact.text)?.kind ?? null : null;
        expect({ line, got: headKindBytes(bytes, 0, bytes.length) }).toEqual({ line, got: want });
      }
    }
  });
});
