/**
 * What the log viewer makes of entries for the mailbox desk (shared/logs/actions.ts).
 */
import { describe, expect, it } from 'vitest';
import { entryAction, failuresAction, firstLine, moveSelection, pickSearchSources, sourceAction } from '../../../shared/logs/actions';

const SOURCES = [
  { name: 'After-create', pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log' },
  { name: 'After-modify', pattern: 'ConnectorAfterModify_{yyyy}{MM}{dd}.log' },
  { name: 'Trace', pattern: 'IQTrace.log' },
];

describe('entry actions', () => {
  it('takes the first line of a message', () => {
    expect(firstLine('one\ntwo')).toBe('one');
    expect(firstLine('only')).toBe('only');
  });

  it('points an entry at enabling or hiding by its text, else by its file name', () => {
    expect(entryAction({ message: 'Cannot create mailbox for aobrien', file: 'x.log' })).toBe('enable');
    expect(entryAction({ message: "Enable-RemoteMailbox -Identity 'a'", file: 'x.log' })).toBe('enable');
    expect(entryAction({ message: 'Set HiddenFromAddressListsEnabled failed', file: 'ConnectorAfterCreate.log' })).toBe('hide');
    expect(entryAction({ message: 'timeout', file: 'C:\\Logs\\2025-03-03.ConnectorAfterModify.log' })).toBe('hide');
    expect(entryAction({ message: 'timeout', file: 'IQTrace.log' })).toBeUndefined();
  });

  it('points a source at an action by its pattern', () => {
    expect(sourceAction(SOURCES, 'After-create')).toBe('enable');
    expect(sourceAction(SOURCES, 'After-modify')).toBe('hide');
    expect(sourceAction(SOURCES, 'Trace')).toBeUndefined();
    expect(sourceAction(SOURCES, 'nope')).toBeUndefined();
  });

  it('gives the users with failures an action only when all their sources agree', () => {
    expect(failuresAction([{ sources: ['After-create'] }, { sources: ['After-create'] }], SOURCES)).toBe('enable');
    expect(failuresAction([{ sources: ['After-modify'] }], SOURCES)).toBe('hide');
    expect(failuresAction([{ sources: ['After-create'] }, { sources: ['After-modify'] }], SOURCES)).toBeUndefined();
    expect(failuresAction([{ sources: ['After-create', 'Trace'] }], SOURCES)).toBeUndefined();
  });

  it('picks "all sources" alone or named sources alone, the last pick winning', () => {
    expect(pickSearchSources(['After-create', '*'])).toEqual(['*']);
    expect(pickSearchSources(['*', 'After-create'])).toEqual(['After-create']);
    expect(pickSearchSources(['After-create', 'After-modify'])).toEqual(['After-create', 'After-modify']);
    expect(pickSearchSources([])).toEqual([]);
  });

  it('moves the selection by arrows, pages and Home/End, within the rows', () => {
    expect(moveSelection('ArrowDown', 3, 10)).toBe(4);
    expect(moveSelection('ArrowDown', 9, 10)).toBe(9);
    expect(moveSelection('ArrowUp', 0, 10)).toBe(0);
    expect(moveSelection('PageDown', 3, 100, 20)).toBe(23);
    expect(moveSelection('PageUp', 3, 100, 20)).toBe(0);
    expect(moveSelection('Home', 42, 100)).toBe(0);
    expect(moveSelection('End', 42, 100)).toBe(99);
    expect(moveSelection('ArrowDown', 0, 0)).toBeNull();
    expect(moveSelection('Enter', 3, 10)).toBeNull();
  });
});
