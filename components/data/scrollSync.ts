import { FakeVScrollComp } from 'ag-grid-community';

/**
 * ag-grid keeps its fake vertical scrollbar as tall as the rows. When the row
 * container's height changes it syncs at once: it reads the viewport's
 * clientHeight and both scrollTops. On the Orders blotter that happens in the middle of
 * a basket landing, right after ag-grid moved every drawn row to its new place and
 * before it removes the rows pushed out of view. The reads force a style recalc and a
 * layout of all those rows (35–45 % of the landing's task), and the frame then lays out
 * again with the new rows.
 *
 * The same sync, done once in the next animation frame, lays out only what the frame
 * shows (old rows gone, new ones in). The scrollbar is a frame behind the rows' height.
 * Measured with the browser bench: the longest task fell from 85–149 ms to 66–78 ms.
 */
export function deferScrollbarSync(): void {
  const proto = FakeVScrollComp.prototype as unknown as FakeVScroll & { deskDeferred?: true };
  if (proto.deskDeferred) return;
  proto.deskDeferred = true;
  const syncNow = proto.onRowContainerHeightChanged;
  proto.onRowContainerHeightChanged = function (this: FakeVScroll, ctrlsSvc: unknown) {
    if (this.deskSyncQueued) return;
    this.deskSyncQueued = true;
    requestAnimationFrame(() => {
      this.deskSyncQueued = false;
      if (this.isAlive()) syncNow.call(this, ctrlsSvc);
    });
  };
}

interface FakeVScroll {
  onRowContainerHeightChanged(this: FakeVScroll, ctrlsSvc: unknown): void;
  isAlive(): boolean;
  deskSyncQueued?: boolean;
}
