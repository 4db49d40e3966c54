import type Database from 'better-sqlite3';

/**
 * One column of a saved grid layout, as ag-grid's getColumnState gives it: the
 * fields a layout keeps (order is the array's order). Anything else ag-grid
 * adds (row grouping, pivots) is community-edition dead weight and is dropped.
 */
export interface LayoutColumn {
  colId: string;
  width?: number;
  hide?: boolean | null;
  sort?: 'asc' | 'desc' | null;
  sortIndex?: number | null;
  pinned?: 'left' | 'right' | null;
  flex?: number | null;
}

/**
 * Each user's column layouts (order, width, visibility, sort) by grid, so a
 * desk looks the same on any browser they sign in from. Rows are keyed by the
 * owner: a caller can only ever name its own user (server/trpc/prefs.ts).
 */
export class GridLayouts {
  private readonly selectAll: Database.Statement<[string], { grid: string; state: string }>;
  private readonly upsert: Database.Statement<[string, string, string, number]>;
  private readonly remove: Database.Statement<[string, string]>;

  constructor(db: Database.Database) {
    createLayoutTable(db);
    this.selectAll = db.prepare('SELECT grid, state FROM grid_layouts WHERE username = ? ORDER BY grid');
    this.upsert = db.prepare(
      'INSERT INTO grid_layouts (username, grid, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (username, grid) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
    );
    this.remove = db.prepare('DELETE FROM grid_layouts WHERE username = ? AND grid = ?');
  }

  /** Every layout the user saved, by grid. */
  all(username: string): Record<string, LayoutColumn[]> {
    const out: Record<string, LayoutColumn[]> = {};
    for (const r of this.selectAll.all(username)) out[r.grid] = JSON.parse(r.state) as LayoutColumn[];
    return out;
  }

  save(username: string, grid: string, columns: LayoutColumn[], now: number): void {
    this.upsert.run(username, grid, JSON.stringify(columns), now);
  }

  /** Forgets the user's layout of one grid; true if there was one. */
  reset(username: string, grid: string): boolean {
    return this.remove.run(username, grid).changes > 0;
  }
}

/** Additive: a new table beside the others, nothing existing changes. */
export function createLayoutTable(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS grid_layouts (
      username   TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
      grid       TEXT NOT NULL,
      state      TEXT NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (username, grid)
    );
  `);
}
