import { ChoiceError, UsageError } from '../../../src/language/errors.js';
import { dateOrderOf, parseDatePhrase, parseWholeDate } from '../../../src/language/dates.js';

const today = '2026-11-25'; // a Wednesday
const read = (text: string, extra: { order?: 'dmy' | 'mdy'; allowFuture?: boolean } = {}) =>
  parseWholeDate(text.split(' '), { today, ...extra });

describe('parseDatePhrase', () => {
  it.each([
    ['yesterday', '2026-11-24'],
    ['wednesday', '2026-11-25'],
    ['last wednesday', '2026-11-18'],
    ['thu', '2026-11-19'],
    ['3 days ago', '2026-11-22'],
    ['two weeks ago', '2026-11-11'],
    ['3d ago', '2026-11-22'],
    ['-3d', '2026-11-22'],
    ['nov 1', '2026-11-01'],
    ['1st nov', '2026-11-01'],
    ['Nov. 1, 2025', '2025-11-01'],
    ['29 feb 2024', '2024-02-29'],
    ['13/11', '2026-11-13'],
    ['11/13', '2026-11-13'],
    ['1/2/25', '2025-02-01'],
  ])('%s is %s', (text, date) => {
    expect(read(text, text === '1/2/25' ? { order: 'dmy' } : {})).toBe(date);
  });

  it('leaves words that are no date alone', () => {
    expect(parseDatePhrase(['5', 'km'], 0, { today })).toBeUndefined();
    expect(parseDatePhrase(['great'], 0, { today })).toBeUndefined();
  });

  it('refuses the future and impossible days, and asks about two real readings', () => {
    expect(() => read('tomorrow')).toThrow(UsageError);
    expect(() => read('29 feb 2025')).toThrow('is not a real date');
    expect(() => read('dec 24')).toThrow('has not come yet this year');
    expect(() => read('03/04')).toThrow(ChoiceError);
    expect(read('03/04', { order: 'mdy' })).toBe('2026-03-04');
    expect(read('11/12')).toBe('2026-11-12'); // 11 December is still to come, so only one reading is possible
  });

  it('allows the future where asked, years included', () => {
    expect(read('june 1 2027', { allowFuture: true })).toBe('2027-06-01');
  });
});

describe('dateOrderOf', () => {
  it('knows the order only from a locale with a region', () => {
    expect(dateOrderOf('en-US')).toBe('mdy');
    expect(dateOrderOf('en-GB')).toBe('dmy');
    expect(dateOrderOf('de-DE')).toBe('dmy');
    expect(dateOrderOf('en')).toBeUndefined();
    expect(dateOrderOf(undefined)).toBeUndefined();
  });
});
