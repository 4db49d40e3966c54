/**
 * Basket CSV intake: a header row, then one order per line.
 *
 *   symbol,side,qty,limit,urgency,clOrdId
 *   AAPL,buy,1200,227.40,medium,REB-0001
 *   MSFT,sell,800,,high,
 *
 * Required columns: symbol, side, qty. Optional: limit (blank = market), urgency
 * (default medium), clOrdId (default BASKET-<id>-<line>). Header names are
 * case-insensitive; `quantity`, `limit_price`/`price`, `client_order_id` are
 * accepted too. Lines that cannot be read are reported here; every line that
 * can is judged by the engine like any other order.
 */
export interface BasketLine {
  line: number;
  clOrdId: string;
  symbol: string;
  side: string;
  qty: number;
  limitPrice?: number;
  urgency: string;
}

export interface BasketLineError {
  line: number;
  reason: string;
}

export const MAX_BASKET_LINES = 5_000;

const ALIASES: Record<string, string> = {
  symbol: 'symbol',
  ticker: 'symbol',
  side: 'side',
  qty: 'qty',
  quantity: 'qty',
  shares: 'qty',
  limit: 'limit',
  limit_price: 'limit',
  limitprice: 'limit',
  price: 'limit',
  urgency: 'urgency',
  clordid: 'clOrdId',
  client_order_id: 'clOrdId',
  clientorderid: 'clOrdId',
};

/** Splits one CSV record, honouring double quotes ("a,b" and "" inside quotes). */
function fields(record: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur.trim()), (cur = '');
    else cur += c;
  }
  out.push(cur.trim());
  return out;
}

export function parseBasketCsv(text: string, basketId: string): { lines: BasketLine[]; errors: BasketLineError[]; warnings: string[] } {
  const records = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const lines: BasketLine[] = [];
  const errors: BasketLineError[] = [];
  const warnings: string[] = [];
  let header: string[] | undefined;
  for (let i = 0; i < records.length; i++) {
    const lineNo = i + 1;
    const raw = records[i].trim();
    if (!raw || raw.startsWith('#')) continue;
    const f = fields(raw);
    if (!header) {
      header = f.map((h) => ALIASES[h.toLowerCase().replace(/\s+/g, '_')] ?? `?${h}`);
      const unknown = header.filter((h) => h.startsWith('?')).map((h) => h.slice(1));
      const missing = ['symbol', 'side', 'qty'].filter((c) => !header!.includes(c));
      if (missing.length) return { lines: [], warnings, errors: [{ line: lineNo, reason: `header must name the columns ${missing.join(', ')} (found: ${f.join(', ')})` }] };
      if (unknown.length) warnings.push(`ignored unknown column(s): ${unknown.join(', ')}`);
      continue;
    }
    if (lines.length + errors.length >= MAX_BASKET_LINES) {
      errors.push({ line: lineNo, reason: `a basket holds at most ${MAX_BASKET_LINES} lines; the rest were not read` });
      break;
    }
    if (f.length > header.length) {
      errors.push({ line: lineNo, reason: `${f.length} fields but the header has ${header.length}` });
      continue;
    }
    const col = (name: string) => {
      const k = header!.indexOf(name);
      return k < 0 ? '' : (f[k] ?? '');
    };
    const qtyText = col('qty').replace(/_/g, '');
    const qty = Number(qtyText);
    if (!qtyText || Number.isNaN(qty)) {
      errors.push({ line: lineNo, reason: `quantity "${col('qty')}" is not a number` });
      continue;
    }
    const limitText = col('limit');
    const limitPrice = limitText === '' ? undefined : Number(limitText);
    if (limitPrice !== undefined && Number.isNaN(limitPrice)) {
      errors.push({ line: lineNo, reason: `limit "${limitText}" is not a number` });
      continue;
    }
    lines.push({
      line: lineNo,
      clOrdId: col('clOrdId') || `BASKET-${basketId}-${lineNo}`,
      symbol: col('symbol').toUpperCase(),
      side: col('side').toLowerCase(),
      qty,
      limitPrice,
      urgency: (col('urgency') || 'medium').toLowerCase(),
    });
  }
  if (!header) errors.push({ line: 1, reason: 'the file is empty: it needs a header row (symbol,side,qty,…) and at least one order' });
  return { lines, errors, warnings };
}
