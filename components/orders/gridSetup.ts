import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  colorSchemeDark,
  HighlightChangesModule,
  ModuleRegistry,
  RenderApiModule,
  RowApiModule,
  RowStyleModule,
  themeBalham,
} from 'ag-grid-community';
import { deferScrollbarSync } from '../data/scrollSync';

let registered = false;

/** Community modules every blotter uses; registered once per page. Tooltips are per grid (DeskGrid). */
export function registerGridModules(): void {
  if (registered) return;
  registered = true;
  deferScrollbarSync();
  ModuleRegistry.registerModules([
    ClientSideRowModelModule,
    ClientSideRowModelApiModule,
    RowApiModule,
    RenderApiModule,
    HighlightChangesModule,
    CellStyleModule,
    RowStyleModule,
  ]);
}

/** Dense dark desk theme; the font is the desk's own stack, never a web font download. */
export const deskGridTheme = themeBalham.withPart(colorSchemeDark).withParams({
  backgroundColor: '#0d1117',
  foregroundColor: '#c9d1d9',
  chromeBackgroundColor: '#121821',
  headerBackgroundColor: '#121821',
  headerTextColor: '#8b97a7',
  headerFontSize: 11,
  headerFontWeight: 600,
  headerHeight: 28,
  borderColor: '#1f2937',
  rowBorder: { color: '#161d27' },
  oddRowBackgroundColor: '#0f141b',
  rowHoverColor: '#17202c',
  selectedRowBackgroundColor: '#1a2635',
  accentColor: '#3b82f6',
  fontFamily: 'var(--font-ui)',
  cellFontFamily: 'var(--font-mono)',
  fontSize: 12,
  dataFontSize: 12,
  rowHeight: 26,
  spacing: 4,
  cellHorizontalPadding: 8,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  columnBorder: false,
  valueChangeValueHighlightBackgroundColor: 'rgba(250, 204, 21, 0.28)',
});
