'use client';

import { formatQtyShort } from './marketFormat';

const LABELS = ['09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00', '14:30', '15:00', '15:30'];

/**
 * Volume per half hour against the expected U-shaped profile (share of ADV):
 * the outline is what a normal day trades in that slot, the fill what traded today.
 */
export function VolumeProfile({
  profile,
  actual,
  adv,
  engineTime,
  open,
}: {
  profile: number[];
  actual: number[];
  adv: number | undefined;
  engineTime: number | undefined;
  open: number | undefined;
}) {
  const expected = profile.map((p) => p * (adv ?? 0));
  const max = Math.max(1, ...expected, ...actual);
  const now = engineTime !== undefined && open !== undefined ? Math.floor((engineTime - open) / 1_800_000) : -1;
  const cumActual = actual.slice(0, Math.max(0, now + 1)).reduce((a, b) => a + b, 0);
  const cumExpected = expected.slice(0, Math.max(0, now)).reduce((a, b) => a + b, 0) + (now >= 0 && now < 13 && engineTime !== undefined && open !== undefined ? expected[now] * (((engineTime - open) % 1_800_000) / 1_800_000) : 0);
  const pace = cumExpected > 0 ? cumActual / cumExpected : null;
  return (
    <div className="vprofile" data-testid="volume-profile">
      <div className="vprofile-head">
        <span className="panel-title">Volume profile</span>
        <span className="panel-spacer" />
        <span className="panel-meta" title="Volume so far against the volume a normal day has traded by now">
          pace {pace === null ? '—' : `${(pace * 100).toFixed(0)}%`}
        </span>
      </div>
      <div className="vprofile-bars">
        {LABELS.map((label, i) => (
          <div
            key={label}
            className={`vp-col${i === now ? ' now' : ''}${i > now ? ' future' : ''}`}
            title={`${label}: ${formatQtyShort(actual[i] ?? 0)} traded · ${formatQtyShort(Math.round(expected[i] ?? 0))} expected`}
          >
            <span className="vp-exp" style={{ height: `${((expected[i] ?? 0) / max) * 100}%` }} />
            <span className="vp-act" style={{ height: `${((actual[i] ?? 0) / max) * 100}%` }} />
          </div>
        ))}
      </div>
      <div className="vprofile-axis">
        <span>09:30</span>
        <span>12:45</span>
        <span>16:00</span>
      </div>
    </div>
  );
}
