'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect } from 'react';
import { useConnection, useInstruments, useSessionUser } from '@/components/data/hooks';
import { ConsolidatedLadder } from './DepthLadder';
import { InstrumentPicker } from './InstrumentPicker';
import { PriceChart } from './PriceChart';
import { QuoteStrip } from './QuoteStrip';
import { TimeAndSales } from './TimeAndSales';
import { useMarketFeed } from './useMarketFeed';
import { VenueBoard } from './VenueBoard';
import { VolumeProfile } from './VolumeProfile';

export const DEFAULT_SYMBOL = 'AAPL';
const LAST_SYMBOL_KEY = 'desk.market.symbol';

/**
 * /market: one instrument's market. The symbol lives in the URL (?symbol=),
 * so a link opens it and the browser's history walks back through symbols;
 * the last one is also remembered for the next visit without a query.
 */
export function MarketWorkspace() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const instruments = useInstruments();
  const me = useSessionUser();
  const conn = useConnection();

  const list = instruments.data ?? [];
  const asked = (params.get('symbol') ?? '').trim().toUpperCase();
  const known = (s: string) => list.some((i) => i.symbol === s);
  // Before the instrument list arrives, trust the URL; the server refuses an unknown symbol anyway.
  const symbol = asked && (!instruments.data || known(asked)) ? asked : DEFAULT_SYMBOL;
  const badAsk = !!asked && !!instruments.data && !known(asked);

  const pick = useCallback(
    (sym: string) => {
      router.push(`${pathname}?symbol=${encodeURIComponent(sym)}`, { scroll: false });
    },
    [router, pathname],
  );

  // No symbol in the URL: open the last one used here, and put it in the URL so the page can be linked.
  useEffect(() => {
    if (asked) return;
    let last: string | null = null;
    try {
      last = window.localStorage.getItem(LAST_SYMBOL_KEY);
    } catch {
      // storage may be off
    }
    const sym = last && (!instruments.data || known(last)) ? last : DEFAULT_SYMBOL;
    router.replace(`${pathname}?symbol=${encodeURIComponent(sym)}`, { scroll: false });
  }, [asked, instruments.data]);

  useEffect(() => {
    if (!asked || badAsk) return;
    try {
      window.localStorage.setItem(LAST_SYMBOL_KEY, symbol);
    } catch {
      // storage may be off
    }
  }, [asked, badAsk, symbol]);

  const { feed, state } = useMarketFeed(symbol);
  const inst = list.find((i) => i.symbol === symbol);
  const tick = inst?.tick ?? 0.01;
  const view = state.view;
  const supervisor = me.data?.role === 'supervisor';

  return (
    <div className="market-page" data-testid="market-page" data-conn={conn.state} data-symbol={symbol} data-ready={view ? 'true' : 'false'}>
      <div className="mk-top">
        <InstrumentPicker symbol={symbol} instruments={list} onPick={pick} />
        <QuoteStrip view={view} tick={tick} />
        {conn.state !== 'live' ? (
          <span className="blotter-warning mk-warning" data-testid="market-warning">
            {conn.state === 'stale' ? 'Feed stale — prices may be old' : 'Reconnecting — prices paused'}
          </span>
        ) : null}
      </div>
      {badAsk || state.error ? (
        <div className="mk-error" role="alert" data-testid="market-error">
          {badAsk ? `"${asked}" is not a desk instrument; showing ${symbol}.` : `Market stream: ${state.error}`}
        </div>
      ) : null}
      <div className="mk-grid">
        <section className="mk-panel mk-depth" aria-label="Consolidated depth">
          <div className="panel-head">
            <h2 className="panel-title">Consolidated book</h2>
            <span className="panel-spacer" />
            <span className="panel-meta">lit · 10 levels</span>
          </div>
          <ConsolidatedLadder view={view} tick={tick} />
          <VolumeProfile
            profile={state.profile}
            actual={state.halfHourVolume}
            adv={view?.stats.adv}
            engineTime={view?.engineTime}
            open={view?.session.open}
          />
        </section>

        <section className="mk-panel mk-chart" aria-label="Price chart">
          <div className="panel-head">
            <h2 className="panel-title">
              {symbol} <span className="mk-title-sub">1 min</span>
            </h2>
            <span className="mk-legend-key">
              <i className="k-up" /> candles <i className="k-vwap" /> session VWAP <i className="k-vol" /> volume
            </span>
            <span className="panel-spacer" />
            <a className="panel-meta mk-attrib" href="https://www.tradingview.com/" target="_blank" rel="noreferrer">
              charts by TradingView
            </a>
          </div>
          <PriceChart feed={feed} tick={tick} refPrice={view?.stats.refPrice ?? inst?.refPrice} />
        </section>

        <section className="mk-panel mk-tape" aria-label="Time and sales">
          <div className="panel-head">
            <h2 className="panel-title">Time &amp; Sales</h2>
            <span className="panel-spacer" />
            <span className="panel-meta" data-testid="tape-count" data-count={state.printCount}>
              {view ? `${view.stats.trades.toLocaleString('en-US')} trades today` : '—'}
            </span>
          </div>
          <TimeAndSales feed={feed} tick={tick} />
        </section>

        <section className="mk-panel mk-venues" aria-label="Venues">
          <div className="panel-head">
            <h2 className="panel-title">Venues</h2>
            <span className="panel-meta">4 lit · 2 dark</span>
            <span className="panel-spacer" />
            <span className="panel-meta">
              {supervisor ? (
                <span className="mk-super-note">supervisor: halt, resume or mark a venue down · reason required · Enter confirms, Esc cancels</span>
              ) : (
                'venue switches: supervisors only'
              )}
            </span>
          </div>
          <VenueBoard view={view} tick={tick} supervisor={supervisor} />
        </section>
      </div>
    </div>
  );
}
