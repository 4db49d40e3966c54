import { sectionFor } from './nav';

/** Empty state for a desk section that a later release fills. */
export function Placeholder({ href }: { href: string }) {
  const s = sectionFor(href);
  if (!s) return null;
  return (
    <section className="placeholder" data-testid="section-placeholder" data-section={s.label.toLowerCase()}>
      <div className="panel-head">
        <h1 className="panel-title">{s.title}</h1>
        <span className="panel-meta">not yet available</span>
      </div>
      <div className="placeholder-body">
        <div className="placeholder-card">
          <p className="placeholder-lead">{s.blurb}</p>
          <p className="placeholder-sub">This view is not live yet. When it is, it will show:</p>
          <ul>
            {s.items.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
