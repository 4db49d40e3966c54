import { test } from '@playwright/test';
import { startServer, type DeskServer } from './support/server';
import { complianceReviews, newDeskDay, parentCompletesAndTca, supervisorIntervenes, traderRebalances, type DeskDay } from './journeys/deskDay';
import type { Stage } from './journeys/stage';

/**
 * The whole journey as one day on one production server and its seeded market:
 * the same acts `npm run demo` plays (e2e/journeys/deskDay.ts). Each act is a
 * test, serial, sharing the day; a failed act skips the rest.
 */
let server: DeskServer;
let day: DeskDay;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  // 30× rather than the tests' usual 10×: act 3 waits for a 15-minute window to run out.
  server = await startServer({ env: { ENGINE_SPEED: '30' } });
  const stage: Stage = {
    baseUrl: server.url,
    browser,
    // A test does not pause: the checks around each moment are what it looks at.
    look: async (_page, name) => {
      await test.step(`look: ${name}`, async () => {});
    },
    note: (text) => test.info().annotations.push({ type: 'note', description: text }),
  };
  day = newDeskDay(stage);
});
test.afterAll(async () => {
  await day?.cast.close();
  await server?.stop();
});

test('a trader uploads a rebalance basket: orders group into parents, opposing orders cross, and tuning a parent on the trilemma changes its schedule and routing', async () => {
  test.setTimeout(120_000);
  await traderRebalances(day);
});

test('meanwhile a supervisor overrides that parent with a reason: the trader sees it within a second and cannot undo it; an instrument kill switch cancels its working orders', async () => {
  test.setTimeout(90_000);
  await supervisorIntervenes(day);
});

test('the parent completes: the trader reads its VWAP slippage and shortfall and exports the TCA report', async () => {
  test.setTimeout(240_000);
  await parentCompletesAndTca(day);
});

test('a viewer reads but cannot act; compliance finds the override in the audit trail and exports it', async () => {
  test.setTimeout(90_000);
  await complianceReviews(day);
});
