/**
 * shared/encoding.ts, the one decoder plans and log files share: byte fixtures made here.
 */
import { describe, expect, test } from 'vitest';
import { decodeBytes, firstInvalidUtf8, sniffEncoding } from '../../../shared/encoding';

const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => {
  const b = Buffer.from(s, 'utf16le');
  return new Uint8Array(b.swap16());
};
const bytes = (...xs: number[]) => new Uint8Array(xs);

describe('sniffEncoding', () => {
  test('BOMs', () => {
    expect(sniffEncoding(bytes(0xef, 0xbb, 0xbf, 0x3c))).toEqual({ encoding: 'utf-8-bom', bom: 3 });
    expect(sniffEncoding(bytes(0xff, 0xfe, 0x3c, 0))).toEqual({ encoding: 'utf-16le', bom: 2 });
    expect(sniffEncoding(bytes(0xfe, 0xff, 0, 0x3c))).toEqual({ encoding: 'utf-16be', bom: 2 });
  });

  test('UTF-16 without a BOM, either byte order', () => {
    expect(sniffEncoding(utf16be('<AccountRequest op="Create"/>'))).toEqual({ encoding: 'utf-16be', bom: 0 });
    expect(sniffEncoding(utf16le('<AccountRequest op="Create"/>'))).toEqual({ encoding: 'utf-16le', bom: 0 });
    expect(sniffEncoding(utf16be('<a>Ωμέγα Ünïcödé</a>'))).toEqual({ encoding: 'utf-16be', bom: 0 });
  });

  test('8-bit text, and 8-bit text an odd number of bytes long followed by UTF-16LE, are not UTF-16BE', () => {
    expect(sniffEncoding(new Uint8Array(Buffer.from('2025-03-03 09:14:05::Start\r\n')))).toEqual({ encoding: 'utf-8', bom: 0 });
    const mixed = Buffer.concat([Buffer.from('abcd\n'), Buffer.from('2025-03-03 09:14:05::appended by PowerShell 5.1\r\n', 'utf16le')]);
    expect(sniffEncoding(new Uint8Array(mixed)).encoding).toBe('utf-8');
  });
});

describe('firstInvalidUtf8', () => {
  test('valid text of every length of sequence', () => {
    expect(firstInvalidUtf8(new Uint8Array(Buffer.from('a é € 😀 z')))).toBe(-1);
  });

  test('names the offset of the first invalid sequence', () => {
    const pre = [...Buffer.from('abc')];
    expect(firstInvalidUtf8(bytes(...pre, 0x80))).toBe(3); // a lone continuation byte
    expect(firstInvalidUtf8(bytes(...pre, 0xc0, 0xaf))).toBe(3); // overlong
    expect(firstInvalidUtf8(bytes(...pre, 0xe2, 0x82))).toBe(3); // cut off by the end
    expect(firstInvalidUtf8(bytes(...pre, 0xed, 0xa0, 0x80))).toBe(3); // a UTF-16 surrogate
    expect(firstInvalidUtf8(bytes(...pre, 0xf5, 0x80, 0x80, 0x80))).toBe(3); // beyond U+10FFFF
    expect(firstInvalidUtf8(bytes(...pre, 0xe9, 0x61, 0x80))).toBe(3); // windows-1252 é
    expect(firstInvalidUtf8(bytes(0xc3, 0xa9, 0x41, 0xff), 1)).toBe(0); // relative to `from`
  });
});

describe('decodeBytes', () => {
  test('UTF-16BE without a BOM decodes', () => {
    const r = decodeBytes(utf16be('<a>Ünïcödé</a>'));
    expect(r).toEqual({ text: '<a>Ünïcödé</a>', encoding: 'utf-16be', invalidUtf8At: null });
  });

  test('invalid UTF-8 becomes U+FFFD, and the offset (BOM included) is reported', () => {
    const r = decodeBytes(bytes(0xef, 0xbb, 0xbf, ...Buffer.from('<a>Caf'), 0xe9, ...Buffer.from('</a>')));
    expect(r.encoding).toBe('utf-8-bom');
    expect(r.text).toBe('<a>Caf\uFFFD</a>');
    expect(r.invalidUtf8At).toBe(9);
  });
});
