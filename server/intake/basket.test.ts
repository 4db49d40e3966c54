import { describe, expect, it } from 'vitest';
import { parseBasketCsv } from './basket';

describe('parseBasketCsv', () => {
  it('reads lines with optional columns, quotes, aliases and blank limits', () => {
    const csv = 'Symbol,Side,Quantity,Limit Price,Urgency,Client_Order_Id\n# comment\nAAPL,BUY,1200,227.40,High,R-1\n"MSFT",sell,"800",,,\n\nKO,buy,1_000,,low,R-3\n';
    const { lines, errors } = parseBasketCsv(csv, 'b1');
    expect(errors).toEqual([]);
    expect(lines).toEqual([
      { line: 3, clOrdId: 'R-1', symbol: 'AAPL', side: 'buy', qty: 1200, limitPrice: 227.4, urgency: 'high' },
      { line: 4, clOrdId: 'BASKET-b1-4', symbol: 'MSFT', side: 'sell', qty: 800, limitPrice: undefined, urgency: 'medium' },
      { line: 6, clOrdId: 'R-3', symbol: 'KO', side: 'buy', qty: 1000, limitPrice: undefined, urgency: 'low' },
    ]);
  });

  it('reports unreadable lines with their number and reason, and keeps the rest', () => {
    const { lines, errors, warnings } = parseBasketCsv('symbol,side,qty,limit,colour\nAAPL,buy,abc,,\nAAPL,buy,10,x,\nAAPL,buy,10,,red,extra\nAAPL,buy,10,,red', 'b');
    expect(warnings).toEqual(['ignored unknown column(s): colour']);
    expect(errors).toEqual([
      { line: 2, reason: 'quantity "abc" is not a number' },
      { line: 3, reason: 'limit "x" is not a number' },
      { line: 4, reason: '6 fields but the header has 5' },
    ]);
    expect(lines.map((l) => l.line)).toEqual([5]);
  });

  it('refuses a file without the required columns, or empty', () => {
    expect(parseBasketCsv('ticker,qty\nAAPL,10', 'b').errors).toEqual([{ line: 1, reason: 'header must name the columns side (found: ticker, qty)' }]);
    expect(parseBasketCsv('\n\n', 'b').errors[0].reason).toMatch(/the file is empty/);
  });
});
