// Halo dates as calendar days in UTC (targeting.md R1).

/** A calendar day in UTC as days since 1970-01-01. */
export type DayNumber = number;

const DAY_MS = 86_400_000;
/** Halo writes 1900-01-01 for "no date"; anything before 1901-01-01 is absent (R1). */
const ABSENT_BEFORE: DayNumber = Date.UTC(1901, 0, 1) / DAY_MS;
/** An end date in 2099 or later is "unlimited" (R1). */
const UNLIMITED_FROM: DayNumber = Date.UTC(2099, 0, 1) / DAY_MS;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$)/;

/**
 * Parses a Halo date string into a UTC calendar day, or returns undefined when it is not a date.
 * Halo writes times without a zone (`2024-01-01T00:00:00`) and means UTC; an explicit offset is honoured
 * by converting to UTC first, so "2024-01-01T23:30:00-05:00" is 2024-01-02.
 */
export function parseHaloDay(text: string): DayNumber | undefined {
  // A snapshot repeats few distinct date strings many times; parsing each once keeps indexing cheap.
  if (memo.has(text)) return memo.get(text);
  const day = parseUncached(text);
  if (memo.size > 50_000) memo.clear();
  memo.set(text, day);
  return day;
}

const memo = new Map<string, DayNumber | undefined>();

function parseUncached(text: string): DayNumber | undefined {
  const m = DATE_RE.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const base = Date.UTC(y, mo - 1, d);
  if (new Date(base).getUTCDate() !== d) return undefined; // 2024-02-30 and friends
  const zone = m[7];
  if (!zone || zone === 'Z') return base / DAY_MS;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : Math.floor(ms / DAY_MS);
}

/** A start day, with R1's "absent" applied: undefined means no start. */
export function startDay(day: DayNumber | undefined): DayNumber | undefined {
  return day === undefined || day < ABSENT_BEFORE ? undefined : day;
}

/** An end day, with R1's "absent" and "unlimited" applied: undefined means no end. */
export function endDay(day: DayNumber | undefined): DayNumber | undefined {
  return day === undefined || day < ABSENT_BEFORE || day >= UNLIMITED_FROM ? undefined : day;
}

/** R1: in force on `asOf` when (no start or start <= asOf) and (no end or asOf <= end), both inclusive. */
export function inForce(start: DayNumber | undefined, end: DayNumber | undefined, asOf: DayNumber): boolean {
  return (start === undefined || start <= asOf) && (end === undefined || asOf <= end);
}

/** `YYYY-MM-DD` for a day number. */
export function formatDay(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
