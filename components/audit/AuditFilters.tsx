'use client';

import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import { EMPTY_SEARCH, isBlank, parseHhMm, searchToQuery, type AuditSearch } from './auditQuery';

interface FieldSpec {
  key: keyof AuditSearch;
  label: string;
  placeholder: string;
  maxLength: number;
  className: string;
  title?: string;
}

const ID_FIELDS: FieldSpec[] = [
  { key: 'orderId', label: 'Order ID', placeholder: 'any order', maxLength: 32, className: 'au-f-id' },
  { key: 'parentId', label: 'Parent ID', placeholder: 'any parent', maxLength: 32, className: 'au-f-id' },
  { key: 'user', label: 'User', placeholder: 'anyone', maxLength: 64, className: 'au-f-user', title: 'The order owner or the user who acted' },
];

const TIME_FIELDS: FieldSpec[] = [
  { key: 'from', label: 'From NY', placeholder: 'HH:MM', maxLength: 8, className: 'au-f-time', title: 'Engine time in New York, from the start of this minute' },
  { key: 'to', label: 'To NY', placeholder: 'HH:MM', maxLength: 8, className: 'au-f-time', title: 'Engine time in New York, to the end of this minute' },
];

/**
 * The search: order, parent, user, event type and an engine-time window.
 * Enter in any field applies it; Esc in a field clears that field.
 */
export function AuditFilters({
  applied,
  types,
  engineDate,
  error,
  onApply,
  onClear,
}: {
  applied: AuditSearch;
  types: string[] | undefined;
  engineDate: string | null;
  error: { field: 'from' | 'to'; message: string } | null;
  onApply: (s: AuditSearch) => void;
  onClear: () => void;
}) {
  const [draft, setDraft] = useState<AuditSearch>(applied);
  // The URL is the truth: a link, Back, or a click on an id replaces what is typed.
  const appliedKey = searchToQuery(applied);
  useEffect(() => setDraft(applied), [appliedKey]);

  const set = (k: keyof AuditSearch, v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const badTime = (k: 'from' | 'to') => !!draft[k].trim() && !parseHhMm(draft[k]);
  const dirty = searchToQuery(draft) !== appliedKey;

  function submit(e: FormEvent) {
    e.preventDefault();
    onApply(draft);
  }

  function onKeyDown(k: keyof AuditSearch) {
    return (e: KeyboardEvent<HTMLInputElement>) => {
      if (e.key === 'Escape' && draft[k]) {
        e.preventDefault();
        set(k, '');
      }
    };
  }

  // The type list comes from the journal; keep a type from a link even before the list arrives.
  const typeOptions = types ? (draft.type && !types.includes(draft.type) ? [draft.type, ...types] : types) : draft.type ? [draft.type] : [];

  const input = (f: FieldSpec, invalid = false) => (
    <label key={f.key} className={`au-field ${f.className} ${invalid ? 'bad' : ''}`} title={f.title}>
      <span className="au-label">{f.label}</span>
      <input
        data-testid={`audit-filter-${f.key}`}
        value={draft[f.key]}
        placeholder={f.placeholder}
        maxLength={f.maxLength}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={invalid || undefined}
        onChange={(e) => set(f.key, e.target.value)}
        onKeyDown={onKeyDown(f.key)}
      />
    </label>
  );

  return (
    <form className="au-filters" data-testid="audit-filters" data-dirty={dirty ? 'true' : 'false'} onSubmit={submit} role="search" aria-label="Search the audit trail">
      {ID_FIELDS.map((f) => input(f))}
      <label className="au-field au-f-type">
        <span className="au-label">Event type</span>
        <select data-testid="audit-filter-type" value={draft.type} onChange={(e) => set('type', e.target.value)}>
          <option value="">Any type</option>
          {typeOptions.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <div className="au-window">
        {TIME_FIELDS.map((f) => input(f, badTime(f.key as 'from' | 'to') || error?.field === f.key))}
        <span className="au-date num" data-testid="audit-engine-date" title="Times are placed on the engine's date, New York">
          {engineDate ?? '…'}
        </span>
      </div>
      <div className="au-actions">
        <button type="submit" className={`btn ${dirty ? 'btn-primary' : ''}`} data-testid="audit-apply" title="Search (Enter)">
          Apply <kbd>↵</kbd>
        </button>
        <button
          type="button"
          className="btn btn-ghost"
          data-testid="audit-clear"
          disabled={isBlank(draft) && isBlank(applied)}
          onClick={() => {
            setDraft(EMPTY_SEARCH);
            onClear();
          }}
        >
          Clear
        </button>
      </div>
      {error ? (
        <span className="au-filter-error" data-testid="audit-filter-error" role="alert">
          {error.message}
        </span>
      ) : null}
    </form>
  );
}
