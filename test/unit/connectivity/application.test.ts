import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applicationHosts } from '../../../electron/services/connectivity/application';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';

const FIX = IQSERVICE_FIXTURES;

describe('Application documents', () => {
  it('reads ExchHost and the IQService host from both fixture forms', () => {
    for (const file of ['application-ad-exchhost-fragment.xml', 'env-application-map.xml']) {
      const r = applicationHosts(readFileSync(`${FIX}/${file}`, 'utf8'));
      expect(r.exchangeHosts, file).toEqual(['exch01.corp.example.org', 'exch02.corp.example.org']);
      expect(r.iqService?.host).toBe('iqs01.corp.example.org');
      expect(r.iqService?.port).toBe(5051);
    }
  });

  it('refuses entity declarations and malformed XML', () => {
    expect(() => applicationHosts('<!DOCTYPE a [<!ENTITY x "y">]><Map/>')).toThrow(/entities/);
    expect(() => applicationHosts('<Map><entry key="ExchHost" value="a"></Map>')).toThrow(/well-formed/);
    expect(() => applicationHosts('<Rule/>')).toThrow(/not an Application/);
  });
});
