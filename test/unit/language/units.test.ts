import { readAmount } from '../../../src/language/amounts.js';
import { amountText, convert, countText, sameUnit } from '../../../src/language/units.js';

describe('units', () => {
  it('knows one unit however it is written', () => {
    expect(sameUnit('page', 'Pages')).toBe(true);
    expect(sameUnit('km', 'kilometres')).toBe(true);
    expect(sameUnit('glasses', 'glass')).toBe(true);
    expect(sameUnit('km', 'mi')).toBe(false);
    expect(sameUnit('cups', 'cans')).toBe(false);
  });

  it('converts within a kind and never across kinds', () => {
    expect(convert(5, 'miles', 'km')).toBeCloseTo(8.04672);
    expect(convert(90, 'min', 'hours')).toBe(1.5);
    expect(convert(1, 'l', 'ml')).toBe(1000);
    expect(convert(1, 'lb', 'g')).toBeCloseTo(453.59);
    expect(convert(5, 'km', 'kg')).toBeUndefined();
    expect(convert(5, 'pages', 'km')).toBeUndefined();
  });

  it('says amounts in the right number', () => {
    expect(amountText(1, 'cans')).toBe('1 can');
    expect(amountText(3, 'can')).toBe('3 cans');
    expect(amountText(2.5, 'kilometers')).toBe('2.5 km');
    expect(amountText(1250, 'steps')).toBe('1,250 steps');
    expect(countText(1, 'habit')).toBe('1 habit');
    expect(countText(0, 'goal')).toBe('0 goals');
  });
});

describe('readAmount', () => {
  it.each([
    ['5', { amount: 5 }],
    ['2.5', { amount: 2.5 }],
    ['2,5', { amount: 2.5 }],
    ['1,000', { amount: 1000 }],
    ['5km', { amount: 5, unit: 'km' }],
    ['10k', { amount: 10, unit: 'k' }],
  ])('%s', (word, amount) => expect(readAmount(word)).toEqual(amount));

  it('refuses negative, exponent and non-numbers, and ignores words', () => {
    expect(() => readAmount('-3')).toThrow("can't be negative");
    expect(() => readAmount('1e9')).toThrow('plain number');
    expect(() => readAmount('NaN')).toThrow('plain number');
    expect(readAmount('pages')).toBeUndefined();
  });
});
