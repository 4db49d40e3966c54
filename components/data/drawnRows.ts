import type {
  CellClassParams,
  ColDef,
  Column,
  GridApi,
  GridOptions,
  ICellRendererComp,
  ICellRendererParams,
  IRowNode,
  RowClassParams,
  ValueFormatterParams,
  ValueGetterParams,
} from 'ag-grid-community';

/**
 * Rows drawn whole: each row of the grid is one ag-grid full-width row, embedded
 * so it scrolls sideways with the header, and its cells are drawn here from the
 * grid's displayed columns — one element per cell, placed by its column's rule
 * (left, width) in a style sheet of the grid's own. ag-grid builds no cell
 * controller, component or feature per cell: in a live blotter that redraws a
 * screenful of new rows when a basket lands, those were about half the
 * JavaScript of each redraw.
 *
 * The column definitions still drive everything: the header is ag-grid's own
 * (sort, resize, move, hide, saved layouts), and a cell's value, text, classes
 * and content come from its column's field or valueGetter, valueFormatter,
 * cellClass, cellClassRules (functions) and cellRenderer (a plain function
 * returning an element or a string, as plainCells), with the grid's column
 * types applied. enableCellChangeFlash flashes a cell whose value changes.
 * Cells carry ag-grid's classes and `col-id`, so the theme and the desk's CSS
 * style them as ag-grid's own cells. Text goes in as textContent, never HTML.
 *
 * A frame draws the cells of at most ROWS_PER_FRAME new rows; rows beyond that
 * (a basket landing, a long scroll) show empty and get their cells in the frames
 * after, a few at a time. Chromium's style, layout and paint of a screenful of
 * new rows took 50–75 ms in one frame on the 2-core bench machine; split, no
 * frame carries more than a dozen rows' worth.
 *
 * Not supported here: cell editing, cell focus (the row takes the focus),
 * string expressions in cellClassRules, nested field paths, React cell renderers.
 */

type Section = 'left' | 'center' | 'right';

/** A displayed column as drawn rows lay it out. */
interface PlannedColumn {
  column: Column;
  colId: string;
  colDef: ColDef;
  /** cellClass when it is fixed (a string or list), with ag-grid's own cell classes and the column's placing class. */
  fixedClass: string;
}

/** One drawn cell: its element, what it shows and the flash it is in. */
interface DrawnCell {
  col: PlannedColumn;
  el: HTMLDivElement;
  value: unknown;
  drawn: boolean;
  className: string;
  flash: '' | typeof FLASH | typeof FADE;
}

const FLASH = 'ag-cell-data-changed';
const FADE = 'ag-cell-data-changed-animation';
const CELL_CLASS = 'ag-cell ag-cell-not-inline-editing ag-cell-normal-height ag-cell-value';

/** New rows whose cells one frame draws; the rest wait for the next frames. */
export const ROWS_PER_FRAME = 12;

const plans = new WeakMap<GridApi, RowPlan>();

let planCount = 0;

/**
 * The grid's column layout as drawn rows use it, kept up to date with the header, and the rows drawn from it.
 * Where each column's cells sit (left, width) is one rule per column in a style sheet of the grid's own,
 * not an inline style on every cell: a resize rewrites a rule rather than every drawn cell, and cells of
 * the same column match the same rules, so Chromium computes their style once for many rows.
 */
class RowPlan {
  readonly rows = new Set<DrawnRow>();
  /** New rows not drawn yet, in the order ag-grid made them; drawn ROWS_PER_FRAME a frame. */
  private readonly waiting = new Set<DrawnRow>();
  private drawnThisFrame = 0;
  private frame = 0;
  sections: Record<Section, PlannedColumn[]> = { left: [], center: [], right: [] };
  private readonly flasher: CellFlasher;
  private readonly id = ++planCount;
  private readonly places = document.createElement('style');
  /** Each column's placing class, kept for the grid's life so a cell's classes survive a move. */
  private readonly placeClass = new Map<string, string>();

  constructor(readonly api: GridApi) {
    this.flasher = new CellFlasher(api);
    document.head.appendChild(this.places);
    this.plan();
    // Resizing (flex columns too), moving, showing, hiding and pinning: lay the drawn rows out again.
    const relayout = () => {
      if (api.isDestroyed()) return;
      this.plan();
      for (const row of this.rows) if (!this.waiting.has(row)) row.layout();
    };
    api.addEventListener('displayedColumnsChanged', relayout);
    api.addEventListener('columnResized', relayout);
    api.addEventListener('gridPreDestroyed', () => {
      this.places.remove();
      cancelAnimationFrame(this.frame);
    });
  }

  /**
   * A new row: drawn now while this frame has room and no row waits before it, else in a coming frame.
   * Either way a frame is asked for: the count of rows drawn starts again when it comes.
   */
  admit(row: DrawnRow): void {
    this.rows.add(row);
    if (this.waiting.size === 0 && this.drawnThisFrame < ROWS_PER_FRAME) {
      this.drawnThisFrame++;
      row.layout();
    } else this.waiting.add(row);
    if (!this.frame) this.frame = requestAnimationFrame(this.nextFrame);
  }

  forget(row: DrawnRow): void {
    this.rows.delete(row);
    this.waiting.delete(row);
  }

  isWaiting(row: DrawnRow): boolean {
    return this.waiting.has(row);
  }

  /** A frame began: its budget is fresh; the rows waiting longest get their cells. */
  private readonly nextFrame = () => {
    this.frame = 0;
    this.drawnThisFrame = 0;
    for (const row of this.waiting) {
      if (this.drawnThisFrame >= ROWS_PER_FRAME) break;
      this.waiting.delete(row);
      this.drawnThisFrame++;
      row.layout();
    }
    if (this.waiting.size) this.frame = requestAnimationFrame(this.nextFrame);
  };

  private plan(): void {
    const api = this.api;
    const rules: string[] = [];
    const of = (columns: Column[]): PlannedColumn[] =>
      columns.map((column) => {
        const colId = column.getColId();
        const colDef = column.getColDef();
        let place = this.placeClass.get(colId);
        if (!place) this.placeClass.set(colId, (place = `drawn-${this.id}-${this.placeClass.size}`));
        const left = column.getLeft() ?? 0;
        const width = column.getActualWidth();
        rules.push(`.${place}{left:${left}px;width:${width}px}`);
        const fixed = typeof colDef.cellClass === 'string' ? colDef.cellClass : Array.isArray(colDef.cellClass) ? colDef.cellClass.join(' ') : '';
        return { column, colId, colDef, fixedClass: `${CELL_CLASS} ${place}${fixed ? ` ${fixed}` : ''}` };
      });
    this.sections = { left: of(api.getDisplayedLeftColumns()), center: of(api.getDisplayedCenterColumns()), right: of(api.getDisplayedRightColumns()) };
    const text = rules.join('\n');
    if (this.places.textContent !== text) this.places.textContent = text;
  }

  flash(cells: DrawnCell[]): void {
    this.flasher.flash(cells);
  }

  /** Flashes the drawn cells of these rows (of these columns only, when given), as ag-grid's flashCells does. */
  flashRows(nodes: IRowNode[], colIds?: string[]): void {
    const wanted = new Set(nodes);
    const cells: DrawnCell[] = [];
    for (const row of this.rows) {
      if (!wanted.has(row.node)) continue;
      if (this.waiting.has(row)) row.flashWhenDrawn(colIds);
      else cells.push(...row.cellsOf(colIds));
    }
    this.flasher.flash(cells);
  }
}

function planOf(api: GridApi): RowPlan {
  let plan = plans.get(api);
  if (!plan) plans.set(api, (plan = new RowPlan(api)));
  return plan;
}

/**
 * Flashes cells the way ag-grid does (its CSS classes and durations): highlighted
 * for cellFlashDuration, then fading over cellFadeDuration. One timer for all.
 */
class CellFlasher {
  private readonly live = new Map<DrawnCell, { fadeAt: number; endAt: number }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private dueAt = 0;

  constructor(private readonly api: GridApi) {}

  flash(cells: DrawnCell[]): void {
    if (cells.length === 0) return;
    const flashMs = this.api.getGridOption('cellFlashDuration') ?? 500;
    const fadeMs = this.api.getGridOption('cellFadeDuration') ?? 1000;
    const now = Date.now();
    for (const cell of cells) {
      this.live.set(cell, { fadeAt: now + flashMs, endAt: now + flashMs + fadeMs });
      cell.el.style.removeProperty('transition');
      cell.el.style.removeProperty('transition-delay');
      setFlash(cell, FLASH);
    }
    this.schedule(flashMs);
  }

  /** Wakes up in `inMs` unless already due sooner. */
  private schedule(inMs: number): void {
    const at = Date.now() + inMs;
    if (this.timer && this.dueAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => this.advance(), Math.max(0, inMs));
  }

  private advance(): void {
    this.timer = null;
    const now = Date.now();
    let next = Infinity;
    for (const [cell, t] of this.live) {
      if (!cell.el.isConnected) {
        // Its row is gone (scrolled away, or pushed down by new rows): nothing left to fade.
        this.live.delete(cell);
      } else if (cell.flash === FLASH && now + 15 >= t.fadeAt) {
        cell.el.style.transition = `background-color ${t.endAt - t.fadeAt}ms`;
        setFlash(cell, FADE);
        next = Math.min(next, t.endAt);
      } else if (cell.flash === FADE && now + 15 >= t.endAt) {
        setFlash(cell, '');
        cell.el.style.removeProperty('transition');
        this.live.delete(cell);
      } else {
        next = Math.min(next, cell.flash === FLASH ? t.fadeAt : t.endAt);
      }
    }
    if (next !== Infinity) this.schedule(next - now);
  }
}

function setFlash(cell: DrawnCell, flash: DrawnCell['flash']): void {
  cell.flash = flash;
  cell.el.className = flash ? `${cell.className} ${flash}` : cell.className;
}

/**
 * The full-width renderer of a drawn row: one per row and pinned section
 * (ag-grid asks for left, center and right; a section without columns draws nothing).
 */
export class DrawnRow implements ICellRendererComp {
  private readonly el = document.createElement('div');
  private params!: ICellRendererParams;
  private plan!: RowPlan;
  private section: Section = 'center';
  private cells: DrawnCell[] = [];
  /** Columns to flash once the row is drawn (null: none; undefined in the list: all). */
  private pendingFlash: { colIds?: string[] } | null = null;
  node!: IRowNode;

  init(params: ICellRendererParams): void {
    this.params = params;
    this.node = params.node;
    this.section = params.pinned === 'left' ? 'left' : params.pinned === 'right' ? 'right' : 'center';
    this.plan = planOf(params.api);
    this.el.className = 'ag-drawn-row';
    // An empty pinned section has nothing to draw: it takes none of the frame's rows.
    if (this.plan.sections[this.section].length === 0) this.plan.rows.add(this);
    else this.plan.admit(this);
  }

  getGui(): HTMLElement {
    // A pinned section without columns (ag-grid asks for one all the same) stays empty: no element to style.
    return this.section !== 'center' && this.plan.sections[this.section].length === 0 ? (null as unknown as HTMLElement) : this.el;
  }

  /** Flash these columns' cells (all when none are named) once the row has its cells. */
  flashWhenDrawn(colIds?: string[]): void {
    this.pendingFlash = { colIds };
  }

  /** New data for the row: redraw the cells whose value changed, flashing those whose column asks. */
  refresh(params: ICellRendererParams): boolean {
    this.params = params;
    this.node = params.node;
    // Not drawn yet: it draws from the latest data when its frame comes.
    if (this.plan.isWaiting(this)) return true;
    const flashing: DrawnCell[] = [];
    for (const cell of this.cells) if (this.draw(cell, false) && cell.col.colDef.enableCellChangeFlash) flashing.push(cell);
    this.plan.flash(flashing);
    if (this.section === 'center') this.applyRowClassRules();
    return true;
  }

  /**
   * ag-grid applies rowClassRules when it creates a row but, for a full-width row,
   * not when the row's data changes (it does for rows of cells): apply them here.
   */
  private applyRowClassRules(): void {
    const rules = this.params.api.getGridOption('rowClassRules');
    const row = this.params.eGridCell?.closest('.ag-row');
    if (!rules || !row) return;
    const { data, node, api, context } = this.params;
    const p = { data, node, rowIndex: node.rowIndex, api, context } as RowClassParams;
    for (const [name, rule] of Object.entries(rules)) {
      if (typeof rule !== 'function') throw new Error(`drawn rows: rowClassRules.${name} is a string; drawn rows take functions only`);
      const on = !!rule(p);
      if (row.classList.contains(name) !== on) row.classList.toggle(name, on);
    }
  }

  /** The columns changed (or were first laid out): reuse the cells of columns still shown, place them, draw new ones. */
  layout(): void {
    const columns = this.plan.sections[this.section];
    const before = new Map(this.cells.map((c) => [c.col.colId, c]));
    const cells: DrawnCell[] = [];
    for (const col of columns) {
      let cell = before.get(col.colId);
      if (cell) {
        before.delete(col.colId);
        const sameClass = cell.col.fixedClass === col.fixedClass;
        cell.col = col;
        if (!sameClass) this.draw(cell, true);
      } else {
        const el = document.createElement('div');
        el.setAttribute('role', 'gridcell');
        el.setAttribute('col-id', col.colId);
        cell = { col, el, value: undefined, drawn: false, className: '', flash: '' };
        this.draw(cell, true);
      }
      cells.push(cell);
    }
    for (const gone of before.values()) gone.el.remove();
    // Cells in column order, so the DOM reads (and tabs, and selects as text) left to right.
    const changedOrder = cells.length !== this.cells.length || cells.some((c, i) => this.cells[i] !== c || c.el.parentNode !== this.el);
    this.cells = cells;
    if (changedOrder) this.el.replaceChildren(...cells.map((c) => c.el));
    if (this.pendingFlash) {
      this.plan.flash(this.cellsOf(this.pendingFlash.colIds));
      this.pendingFlash = null;
    }
    if (this.section === 'center') this.applyRowClassRules();
  }

  /** Forces a redraw of these columns' cells (all when none are named): what they show depends on more than their value. */
  redraw(colIds?: string[]): void {
    for (const cell of this.cellsOf(colIds)) this.draw(cell, true);
  }

  cellsOf(colIds?: string[]): DrawnCell[] {
    return colIds ? this.cells.filter((c) => colIds.includes(c.col.colId)) : this.cells;
  }

  /** Draws a cell if its value changed (or when forced); true when the value changed. */
  private draw(cell: DrawnCell, force: boolean): boolean {
    const { colDef, column } = cell.col;
    const { data, node, api, context } = this.params;
    const value = colDef.valueGetter
      ? typeof colDef.valueGetter === 'function'
        ? colDef.valueGetter({ data, node, colDef, column, api, context, getValue: (field: string) => data?.[field] } as ValueGetterParams)
        : unsupported('a string valueGetter', cell.col.colId)
      : colDef.field
        ? data?.[colDef.field]
        : undefined;
    const changed = cell.drawn && !Object.is(value, cell.value);
    if (cell.drawn && !changed && !force) return false;
    cell.value = value;
    cell.drawn = true;

    const p = { value, data, node, colDef, column, api, context } as ValueFormatterParams & CellClassParams;
    let className = cell.col.fixedClass;
    if (typeof colDef.cellClass === 'function') {
      const c = colDef.cellClass(p);
      if (c) className += ` ${Array.isArray(c) ? c.join(' ') : c}`;
    }
    if (colDef.cellClassRules) {
      for (const [name, rule] of Object.entries(colDef.cellClassRules)) {
        if (typeof rule !== 'function') unsupported('a string cellClassRule', cell.col.colId);
        if (rule(p)) className += ` ${name}`;
      }
    }
    if (cell.className !== className) {
      cell.className = className;
      setFlash(cell, cell.flash);
    }

    const formatted = typeof colDef.valueFormatter === 'function' ? colDef.valueFormatter(p) : null;
    const text = formatted ?? (value === null || value === undefined ? '' : String(value));
    if (typeof colDef.cellRenderer === 'function') {
      const out = colDef.cellRenderer({ ...p, valueFormatted: formatted, eGridCell: cell.el, eParentOfValue: cell.el } as unknown as ICellRendererParams);
      if (out instanceof Node) cell.el.replaceChildren(out);
      else cell.el.textContent = out === null || out === undefined ? '' : String(out);
    } else if (colDef.cellRenderer) {
      unsupported('a registered or component cellRenderer', cell.col.colId);
    } else if (cell.el.textContent !== text) {
      cell.el.textContent = text;
    }
    return changed;
  }

  destroy(): void {
    this.plan.forget(this);
  }
}

function unsupported(what: string, colId: string): never {
  throw new Error(`drawn rows: column ${colId} uses ${what}; drawn rows take functions only (see components/data/drawnRows.ts)`);
}

/** The grid options that draw every row whole. */
export const DRAWN_ROWS: Pick<GridOptions, 'isFullWidthRow' | 'fullWidthCellRenderer' | 'embedFullWidthRows'> = {
  isFullWidthRow: () => true,
  fullWidthCellRenderer: DrawnRow,
  embedFullWidthRows: true,
};

/** Flashes rows' cells (of these columns only, when given) whether the grid draws its rows whole or cell by cell. */
export function flashRows<Row>(api: GridApi<Row>, rowNodes: IRowNode<Row>[], columns?: string[]): void {
  const plan = plans.get(api as GridApi);
  if (plan) plan.flashRows(rowNodes as IRowNode[], columns);
  else api.flashCells({ rowNodes, columns });
}

/** Redraws columns' cells (all when none are named) whose content depends on more than their value: the grid's context, the instruments' ticks. */
export function redrawColumns<Row>(api: GridApi<Row>, columns?: string[]): void {
  if (api.isDestroyed()) return;
  const plan = plans.get(api as GridApi);
  if (plan) for (const row of plan.rows) row.redraw(columns);
  else api.refreshCells({ columns, force: true });
}
