import { CronTime } from 'cron';

/**
 * A tenant's maintenance schedule: a cron expression of exactly five fields (minute hour day month weekday), in UTC.
 * Returns the problem in words, or null when it is valid.
 */
export function scheduleProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return `must be a cron expression of five fields (minute hour day month weekday), e.g. "0 2 * * *"; got ${fields.length}`;
  try {
    new CronTime(expression.trim(), 'UTC');
    return null;
  } catch (err) {
    return `is not a valid cron expression: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** The first run strictly after `from`. */
export function nextRun(expression: string, from = new Date()): Date {
  return new CronTime(expression.trim(), 'UTC').getNextDateFrom(from).toJSDate();
}
