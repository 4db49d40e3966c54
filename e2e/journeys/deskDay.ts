import { expect, type Page } from '@playwright/test';
import { AuditPage } from '../pages/AuditPage';
import { BasketPanel } from '../pages/BasketPanel';
import { submitViaApi } from '../pages/DeskPage';
import { OrdersPage } from '../pages/OrdersPage';
import { ParentDetailPage } from '../pages/ParentDetailPage';
import { ParentsPage } from '../pages/ParentsPage';
import { RoutingPage } from '../pages/RoutingPage';
import { SupervisorPage } from '../pages/SupervisorPage';
import { BPS_TEXT, TcaPage } from '../pages/TcaPage';
import { USERS } from '../pages/users';
import { Cast, type Stage } from './stage';

/**
 * One day on the desk, in four acts that share what they found (the parent the
 * trader tuned, the orders of her basket). The acts run in order against one desk;
 * each leaves the desk as a person would (switches released), so the demo can
 * play them again on the same running desk.
 *
 * Written against what a person sees and does: page objects over the real pages,
 * the real server and its seeded market. Every basket line and quantity carries
 * the run's tag, so a desk that already has orders (the demo's case) keeps them
 * apart and the 5-second duplicate check never fires.
 */
export interface DeskDay {
  stage: Stage;
  cast: Cast;
  /** Makes client order ids unique to this run. */
  tag: string;
  alice?: { orders: OrdersPage; page: Page };
  basketOrderIds: string[];
  /** Alice's NVDA buy, the parent she tunes, the supervisor overrides and that completes. */
  nvdaOrderId: string;
  nvdaParent: string;
  /** Alice's passive XOM sell: working until the XOM kill switch cancels it. */
  xomOrderId: string;
  overrideReason: string;
  killReason: string;
}

export function newDeskDay(stage: Stage): DeskDay {
  const tag = Date.now().toString(36).toUpperCase();
  return {
    stage,
    cast: new Cast(stage),
    tag,
    basketOrderIds: [],
    nvdaOrderId: '',
    nvdaParent: '',
    xomOrderId: '',
    overrideReason: `NFP surprise: finish NVDA before the close (${tag})`,
    killReason: `XOM news pending, stop trading it (${tag})`,
  };
}

interface BasketLine {
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  limit?: string;
  urgency?: 'low' | 'medium' | 'high' | 'critical';
  note: string;
}

/**
 * A portfolio manager's rebalance: out of energy and megacap software, into
 * semis and staples. Pairs on one name and side group into one parent; the KO
 * buys meet Bob's KO sell and cross inside; the XOM sell rests passively above the
 * market. A small random offset keeps quantities apart from earlier runs'.
 */
function rebalance(tag: string): { csv: string; lines: Array<BasketLine & { clOrdId: string }> } {
  const k = (Number.parseInt(tag.slice(-3), 36) % 37) + 1;
  const lines: BasketLine[] = [
    { symbol: 'NVDA', side: 'buy', qty: 6_000 + k, urgency: 'low', note: 'the parent the trader tunes' },
    { symbol: 'AAPL', side: 'buy', qty: 400 + k, note: 'two AAPL buys…' },
    { symbol: 'AAPL', side: 'buy', qty: 650 + k, note: '…one parent' },
    { symbol: 'MSFT', side: 'sell', qty: 300 + k, note: 'two MSFT sells…' },
    { symbol: 'MSFT', side: 'sell', qty: 520 + k, note: '…one parent' },
    { symbol: 'KO', side: 'buy', qty: 800 + k, note: 'crosses with Bob' },
    { symbol: 'KO', side: 'buy', qty: 1_200 + k, note: 'crosses with Bob' },
    { symbol: 'XOM', side: 'sell', qty: 2_500 + k, limit: '200.00', urgency: 'low', note: 'rests until the kill switch' },
    { symbol: 'GOOGL', side: 'buy', qty: 350 + k, limit: '100.00', note: 'passive limit' },
    { symbol: 'JPM', side: 'sell', qty: 275 + k, note: '' },
    { symbol: 'AMZN', side: 'buy', qty: 480 + k, urgency: 'high', note: '' },
    { symbol: 'AMZN', side: 'buy', qty: 710 + k, urgency: 'high', note: '' },
  ];
  const rows = ['symbol,side,qty,limit,urgency,clOrdId'];
  const out = lines.map((l, i) => ({ ...l, clOrdId: `RB-${tag}-${String(i + 1).padStart(2, '0')}` }));
  for (const l of out) rows.push([l.symbol, l.side, l.qty, l.limit ?? '', l.urgency ?? '', l.clOrdId].join(','));
  return { csv: `${rows.join('\n')}\n`, lines: out };
}

/** The order id the basket report gave a client order id. */
async function orderIdOf(basket: BasketPanel, clOrdId: string): Promise<string> {
  const line = basket.report.locator('[data-testid="basket-line"][data-status="accepted"]', { hasText: clOrdId });
  return (await line.locator('.bk-order-id').innerText()).trim();
}

/**
 * Act 1. Bob already works a KO sell. Alice uploads a rebalance basket, sees every
 * line accepted, watches her orders group into parents and her KO buys cross with
 * Bob inside, then tunes her NVDA parent on the trilemma and sees its schedule and
 * its child orders' routing change.
 */
export async function traderRebalances(day: DeskDay): Promise<void> {
  const { stage, cast, tag } = day;
  const bobPage = await cast.signIn(USERS.bob, '/orders');
  const bobSell = await submitViaApi(bobPage, stage.baseUrl, { symbol: 'KO', side: 'sell', qty: 3_000 + (Date.now() % 97), urgency: 'low' });
  expect(bobSell.accepted, JSON.stringify(bobSell)).toBe(true);

  const page = await cast.signIn(USERS.alice, '/orders');
  const orders = new OrdersPage(page, stage.baseUrl);
  await orders.ready();
  day.alice = { orders, page };
  const basket = new BasketPanel(page);
  await basket.open();
  const { csv, lines } = rebalance(tag);
  await basket.chooseFile(`rebalance-${tag}.csv`, csv);
  await expect(basket.uploadButton).toContainText(`${lines.length} lines`);
  await stage.look(page, 'basket-loaded', 'A rebalance basket of 12 lines loaded for a look before it is sent');
  await basket.upload();
  await basket.expectTotals({ accepted: lines.length, rejected: 0, unreadable: 0, lines: lines.length });
  await basket.showAll();
  await expect(basket.lines).toHaveCount(lines.length);
  day.basketOrderIds = await basket.acceptedOrderIds();
  expect(new Set(day.basketOrderIds).size).toBe(lines.length);
  day.nvdaOrderId = await orderIdOf(basket, lines[0].clOrdId);
  day.xomOrderId = await orderIdOf(basket, lines[7].clOrdId);
  const aaplIds = [await orderIdOf(basket, lines[1].clOrdId), await orderIdOf(basket, lines[2].clOrdId)];
  const koIds = [await orderIdOf(basket, lines[5].clOrdId), await orderIdOf(basket, lines[6].clOrdId)];
  await stage.look(page, 'basket-report', 'Every line accepted, each with its order id');
  await page.keyboard.press('Escape');

  // The blotter holds them, from source basket.
  for (const id of day.basketOrderIds) await expect(orders.row(id)).toBeVisible();
  await expect(orders.cell(day.nvdaOrderId, 'source')).toHaveText('basket');
  await stage.look(page, 'orders-blotter', 'The small orders in the blotter: status, filled, average price, live');

  // The two AAPL buys went into one parent, with the grouping rule's reason.
  const desk = new ParentsPage(page, stage.baseUrl);
  const aaplParent = await desk.parentOf(aaplIds[0]);
  expect(await desk.parentOf(aaplIds[1])).toBe(aaplParent);
  day.nvdaParent = await desk.parentOf(day.nvdaOrderId);
  await desk.goto();
  await desk.ready();
  await desk.show('all');
  await desk.select(aaplParent);
  expect(await desk.detailOrderIds()).toEqual(expect.arrayContaining(aaplIds));
  await expect(desk.reason).toContainText('AAPL');

  // Alice's KO buys met Bob's working sell and crossed at the mid: only the net goes to market.
  await expect.poll(async () => (await desk.crosses()).filter((x) => koIds.includes(x.buy)).length, { message: 'the KO buys cross with Bob' }).toBeGreaterThan(0);
  const koCross = (await desk.crosses()).find((x) => koIds.includes(x.buy))!;
  expect(koCross.symbol).toBe('KO');
  expect(koCross.sell).toBe(bobSell.accepted ? bobSell.orderId : '');
  await stage.look(page, 'parents-crosses', 'Orders grouped into parents (AAPL: two buys, one parent, and why); KO crossed with Bob at the mid');

  // Tune the NVDA parent. Low urgency works it by VWAP to the close; she wants
  // Implementation Shortfall over the same window, whose shape the trilemma sets.
  const detail = new ParentDetailPage(page, stage.baseUrl);
  await detail.goto(day.nvdaParent);
  await detail.expectPointInForce([60, 20, 20]);
  await detail.strategyButton('is').click();
  await detail.applyStrategy.click();
  await expect(detail.strategyVerdict).toHaveAttribute('data-kind', 'ok');
  await expect(detail.stat('strategy')).toContainText('IS');
  const shape = detail.chart;
  await expect(shape).toHaveAttribute('data-front-load', /^0\.\d{3}$/);
  const patient = Number(await shape.getAttribute('data-front-load'));
  const routingBefore = await detail.stat('routing').innerText();
  await stage.look(page, 'parent-before', 'The NVDA parent on Implementation Shortfall at the low-urgency point: a patient, nearly even plan');

  // Towards risk and completion: the high preset. The plan front-loads, the router changes course.
  await detail.preset('high').click();
  await detail.applyPoint.click();
  await expect(detail.pointVerdict).toHaveAttribute('data-kind', 'ok');
  await detail.expectPointInForce([20, 40, 40]);
  await expect
    .poll(async () => Number(await shape.getAttribute('data-front-load')), { message: 'a more urgent point front-loads the schedule' })
    .toBeGreaterThan(patient + 0.02);
  await expect(detail.stat('routing')).not.toHaveText(routingBefore);
  stage.note(`plan by mid-window: ${(patient * 100).toFixed(1)} % of the shares at the low point, ${(Number(await shape.getAttribute('data-front-load')) * 100).toFixed(1)} % at the high one; routing ${routingBefore.split('·')[0].trim()} → ${(await detail.stat('routing').innerText()).split('·')[0].trim()}`);
  await expect(detail.childRows.first()).toBeVisible({ timeout: 30_000 });
  await stage.look(page, 'parent-tuned', 'Tuned to the high-urgency point: the plan front-loads and the router changes logic');

  // Where its children went: the routing page filtered to the parent.
  const routing = new RoutingPage(page, stage.baseUrl);
  await routing.goto(day.nvdaParent);
  await expect(routing.rowsOf(day.nvdaParent).first()).toBeVisible({ timeout: 30_000 });
  await expect(routing.mapLogic).not.toHaveText('');
  await stage.look(page, 'routing', 'The parent’s child orders across lit venues and dark pools, and why the router chose them');

  // Back on the parent, where the supervisor's override will show.
  await detail.goto(day.nvdaParent);
}

/**
 * Act 2, at the same time as the trader's open page: the supervisor overrides the
 * NVDA parent to critical with a reason. The trader's page shows it within a
 * second and she cannot undo it. Then the supervisor pulls XOM's kill switch: the
 * trader's working XOM sell is cancelled.
 */
export async function supervisorIntervenes(day: DeskDay): Promise<void> {
  const { stage, cast } = day;
  const alicePage = day.alice!.page;
  const alice = new ParentDetailPage(alicePage, stage.baseUrl);
  await alice.ready(day.nvdaParent);
  await expect(alice.banner).toHaveCount(0);

  const samPage = await cast.signIn(USERS.sam, `/parents/${day.nvdaParent}`);
  const sam = new ParentDetailPage(samPage, stage.baseUrl);
  await sam.ready(day.nvdaParent);
  await sam.overrideChoice('critical').click();
  await sam.reason.fill(day.overrideReason);
  await stage.look(samPage, 'override-reason', 'The supervisor overrides the parent to critical, with a reason');
  await sam.page.getByTestId('override-apply').click();
  await expect(sam.supervisorVerdict).toHaveAttribute('data-kind', 'ok');
  const confirmedAt = Date.now();
  // The trader's page was open all along: the override arrives by itself, within a second.
  await expect(alice.bannerText).toHaveText(`Overridden by sam (parent): ${day.overrideReason}`, { timeout: 1_000 });
  stage.note(`override on the trader's page ${Date.now() - confirmedAt} ms after the supervisor's confirmation`);
  await alice.expectPointInForce([5, 35, 60]);
  await stage.look(alicePage, 'override-on-trader', 'The trader’s page shows the override, who and why; the override’s point is in force');

  // She cannot undo it: no supervisor controls, her own point is only saved, and the server refuses a release.
  await expect(alice.supervisor).toHaveCount(0);
  await alice.preset('low').click();
  await expect(alice.applyPoint).toHaveText('Save my point');
  await alice.applyPoint.click();
  await expect(alice.pointVerdict).toHaveAttribute('data-kind', 'ok');
  await alice.expectPointInForce([5, 35, 60]);
  const release = await alicePage.request.post(`${stage.baseUrl}/api/trpc/parents.releaseOverride`, {
    data: { scope: 'parent', target: day.nvdaParent, reason: 'I disagree' },
    headers: { origin: stage.baseUrl },
  });
  expect(release.status()).toBe(403);
  expect(await release.text()).toContain('may not release an override');
  await expect(alice.banner).toBeVisible();

  // The XOM kill switch: alice's resting XOM sell is cancelled, on her own blotter.
  const sup = new SupervisorPage(samPage, stage.baseUrl);
  await sup.goto();
  await sup.ready();
  await expect(sup.symbolRow('XOM')).toHaveAttribute('data-on', 'false');
  await sup.toggleSymbol('XOM', day.killReason);
  await expect(sup.answer('kill')).toHaveAttribute('data-kind', 'ok');
  await expect(sup.answer('kill')).toContainText(/XOM killed · \d+ orders? cancelled/);
  await expect(sup.symbolRow('XOM')).toHaveAttribute('data-on', 'true');
  await stage.look(samPage, 'kill-xom', 'XOM’s kill switch is on: its working orders were cancelled, new ones are refused');

  const orders = day.alice!.orders;
  await orders.goto();
  await orders.ready();
  await expect(orders.cell(day.xomOrderId, 'status')).toHaveText(/cancel/i);
  const refused = await submitViaApi(alicePage, stage.baseUrl, { symbol: 'XOM', side: 'buy', qty: 100 });
  expect(refused).toMatchObject({ accepted: false, code: 'KILL_SWITCH' });
  await stage.look(alicePage, 'xom-cancelled', 'On the trader’s blotter, her XOM sell is cancelled by the kill switch');

  // The news is out: the supervisor releases the switch, with a reason (the desk is left as found).
  await sup.toggleSymbol('XOM', 'XOM news out, trading resumes');
  await expect(sup.symbolRow('XOM')).toHaveAttribute('data-on', 'false');
}

/**
 * Act 3: the trader decides NVDA must be done within a quarter of an hour:
 * Implementation Shortfall, the window ending 15 minutes from now, finishing at
 * the end. The parent completes; she reads its slippage against interval VWAP and
 * its implementation shortfall on the TCA page, and exports the report.
 */
export async function parentCompletesAndTca(day: DeskDay): Promise<void> {
  const { stage } = day;
  const page = day.alice!.page;
  const detail = new ParentDetailPage(page, stage.baseUrl);
  await detail.goto(day.nvdaParent);
  await detail.strategyButton('is').click();
  await page.getByTestId('strategy-end-15').click();
  await page.getByTestId('strategy-end-of-window').selectOption('finish');
  await stage.look(page, 'finish-in-15', 'The trader asks for Implementation Shortfall over the next 15 minutes, finishing at the end');
  await detail.applyStrategy.click();
  await expect(detail.strategyVerdict).toHaveAttribute('data-kind', 'ok');
  await expect(detail.stat('strategy')).toContainText('IS');
  await expect(detail.stat('behind'), 'the parent completes within its 15-minute window').toHaveText('complete', { timeout: 150_000 });
  await stage.look(page, 'parent-complete', 'The parent completed: plan against fills and market VWAP');

  const tca = new TcaPage(page, stage.baseUrl);
  await tca.goto();
  await expect(tca.row('parents', day.nvdaParent)).toBeVisible();
  await expect(tca.cell('parents', day.nvdaParent, 'vsVwap')).toHaveText(BPS_TEXT);
  await expect(tca.cell('parents', day.nvdaParent, 'filled')).toHaveText(/^\d{1,3}(,\d{3})*$/);
  await tca.cell('parents', day.nvdaParent, 'symbol').click();
  await expect(tca.shortfall).toContainText('NVDA');
  await expect(tca.waterfall).toBeVisible();
  await stage.look(page, 'tca', 'TCA: the parent’s slippage against VWAP and arrival, and its shortfall, delay to fees');

  const csv = await tca.exportCsv('parents');
  expect(csv.name).toMatch(/\.csv$/);
  const row = csv.lines.find((l) => l.startsWith(`${day.nvdaParent},`) || l.includes(`,${day.nvdaParent},`));
  expect(row, `the export holds ${day.nvdaParent}`).toBeTruthy();
  expect(csv.lines.at(-1)).toMatch(/^TOTAL/);
  stage.note(`TCA export ${csv.name}: ${csv.lines.length - 2} parent line(s) and a TOTAL line`);
}

/**
 * Act 4: the viewer (compliance) reads everything but can act on nothing, then
 * finds the supervisor's override in the audit trail and exports it.
 */
export async function complianceReviews(day: DeskDay): Promise<void> {
  const { stage, cast } = day;
  const page = await cast.signIn(USERS.vic, '/orders');
  const orders = new OrdersPage(page, stage.baseUrl);
  await orders.ready();
  await expect(orders.readOnlyNote).toBeVisible();
  await expect(orders.submitButton).toBeDisabled();
  await expect(orders.row(day.nvdaOrderId)).toBeVisible();
  const refused = await page.request.post(`${stage.baseUrl}/api/trpc/orders.submit`, {
    data: { clOrdId: `VIC-${day.tag}`, symbol: 'AAPL', side: 'buy', qty: 100, urgency: 'low', source: 'api' },
    headers: { origin: stage.baseUrl },
  });
  expect(refused.status()).toBe(403);
  await stage.look(page, 'viewer-orders', 'The viewer sees every order, read-only: the ticket is disabled');

  const detail = new ParentDetailPage(page, stage.baseUrl);
  await detail.goto(day.nvdaParent);
  await expect(detail.supervisor).toHaveCount(0);
  await expect(detail.applyPoint).toHaveCount(0);

  const audit = new AuditPage(page, stage.baseUrl);
  await audit.goto();
  await audit.ready();
  // A parent's trail is long (every child and fill); the type narrows it to the override.
  await audit.typeSelect.selectOption('OverrideSet');
  await audit.filterBy('parentId', day.nvdaParent);
  const overrides = audit.rowsOfType('OverrideSet');
  await expect(overrides).toHaveCount(1);
  await expect(audit.cell(overrides.first(), 'actor')).toHaveText('sam');
  await expect(audit.cell(overrides.first(), 'summary')).toContainText(day.overrideReason);
  await overrides.first().click();
  await expect(audit.detailJson).toContainText(day.overrideReason);
  await stage.look(page, 'audit-override', 'Compliance finds the override in the audit trail: who, when, why');

  const [download] = await Promise.all([page.waitForEvent('download'), audit.exportLink.click()]);
  const text = await download.createReadStream().then(async (s) => {
    let out = '';
    for await (const chunk of s) out += String(chunk);
    return out;
  });
  const lines = text.trimEnd().split('\n');
  expect(lines.some((l) => l.includes('OverrideSet') && l.includes('sam') && l.includes(day.overrideReason))).toBe(true);
  stage.note(`audit export ${download.suggestedFilename()}: ${lines.length - 1} event(s) for ${day.nvdaParent}`);
}
