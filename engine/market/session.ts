/**
 * 09:30 New York on a given date, as ms since the epoch. The engine has no
 * time-zone database, so US daylight saving is computed from its rule: it runs
 * from the second Sunday of March to the first Sunday of November.
 */
export function sessionOpen(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  if (Number.isNaN(t) || new Date(t).getUTCDate() !== d) return undefined;
  const nthSunday = (month: number, n: number) => {
    const first = new Date(Date.UTC(y, month, 1)).getUTCDay();
    return 1 + ((7 - first) % 7) + 7 * (n - 1);
  };
  const dstStart = Date.UTC(y, 2, nthSunday(2, 2));
  const dstEnd = Date.UTC(y, 10, nthSunday(10, 1));
  const offsetHours = t >= dstStart && t < dstEnd ? 4 : 5;
  return t + (9 + offsetHours) * 3600_000 + 30 * 60_000;
}
