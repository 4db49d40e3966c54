import { describe, expect, it } from 'vitest';
import { formatAvgPrice, formatBps, formatFixed, formatPct, formatPrice, formatQty, priceDigits, registerTicks, toneOf } from './format';

describe('desk number formats', () => {
  it('shares: whole, thousands separators; blank when unknown', () => {
    expect(formatQty(1234567)).toBe('1,234,567');
    expect(formatQty(0)).toBe('0');
    expect(formatQty(null)).toBe('');
  });

  it('prices: the instrument’s tick decimals, fixed, so a column lines up', () => {
    registerTicks([
      { symbol: 'KO', tick: 0.01 },
      { symbol: 'SIRI', tick: 0.0001 },
    ]);
    expect(priceDigits('KO')).toBe(2);
    expect(priceDigits('SIRI')).toBe(4);
    expect(priceDigits('UNKNOWN')).toBe(2);
    expect(formatPrice(63.4, 'KO')).toBe('63.40');
    expect(formatPrice(1234.5, 'KO')).toBe('1,234.50');
    expect(formatPrice(0.99, 'SIRI')).toBe('0.9900');
    expect(formatAvgPrice(63.41256)).toBe('63.4126');
  });

  it('bps: signed, one decimal, a real minus; zero after rounding has no sign and no colour', () => {
    expect(formatBps(12.345)).toBe('+12.3');
    expect(formatBps(-0.44)).toBe('\u22120.4');
    expect(formatBps(0.04)).toBe('0.0');
    expect(formatBps(-0.04)).toBe('0.0');
    expect(formatBps(1234.56)).toBe('+1,234.6');
    expect(formatBps(null)).toBe('—');
    for (const x of [0.04, 0.05, 0.06, -0.05, -3.2, 7]) {
      const text = formatBps(x);
      expect(toneOf(x)).toBe(text.startsWith('+') ? 'pos' : text.startsWith('\u2212') ? 'neg' : 'flat');
    }
  });

  it('percentages one decimal; fixed figures keep their decimals and a real minus', () => {
    expect(formatPct(0.6254)).toBe('62.5%');
    expect(formatFixed(-3.2, 2)).toBe('\u22123.20');
    expect(formatFixed(-0.001, 2)).toBe('0.00');
  });
});
