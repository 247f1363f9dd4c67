import { malformed } from './halo-error';

/**
 * Parsers that turn Halo's loosely typed JSON into the client's normalised records. Each takes the raw value
 * and the field path (e.g. `sites[4].client_id`) so a malformed value is reported by name.
 */
export type FieldParser<V> = (value: unknown, field: string) => V;

/** One parser per property of the public record type T. */
export type RecordSpec<T> = { [K in keyof T]-?: FieldParser<T[K]> };

function isAbsent(value: unknown): value is null | undefined | '' {
  return value === null || value === undefined || value === '';
}

function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function parseInteger(value: unknown, field: string): number | null {
  if (isAbsent(value)) return null;
  // halo-api.md §2.7 and quirk §7.7: FK ids such as Site.client_id and Users.site_id are doubles in Halo's
  // schema (DB columns are float) and may arrive as 95.0 or "95.0"; Halo rejects them if echoed back as such.
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(number) || !Number.isInteger(number)) throw malformed(field, `should be a whole number but is ${describe(value)}`);
  return number;
}

/** A required integer id. */
export const id: FieldParser<number> = (value, field) => {
  const parsed = parseInteger(value, field);
  if (parsed === null) throw malformed(field, 'is missing');
  return parsed;
};

/** An optional integer (foreign keys, enums); `95.0` becomes `95`. */
export const int: FieldParser<number | null> = parseInteger;

/** An optional number; numeric strings (report cells, custom fields, halo-api.md §2.7) become numbers. */
export const num: FieldParser<number | null> = (value, field) => {
  if (isAbsent(value)) return null;
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(number)) throw malformed(field, `should be a number but is ${describe(value)}`);
  return number;
};

/** An optional string; an empty string is "no value" (report cells render SQL NULL as ''). */
export const str: FieldParser<string | null> = (value, field) => {
  if (isAbsent(value)) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw malformed(field, `should be text but is ${describe(value)}`);
};

/** A display name: never null, so callers can compare and sort without checks. */
export const text: FieldParser<string> = (value, field) => str(value, field) ?? '';

/** An optional flag; Halo and report cells use true/false, "True"/"False" and 1/0 interchangeably. */
export const bool: FieldParser<boolean | null> = (value, field) => {
  if (isAbsent(value)) return null;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const lowered = value.trim().toLowerCase();
    if (lowered === 'true' || lowered === '1') return true;
    if (lowered === 'false' || lowered === '0') return false;
  }
  throw malformed(field, `should be true or false but is ${describe(value)}`);
};

const ZONE = /(?:[zZ]|[+-]\d\d:?\d\d)$/;
/** Anything before this is Halo's "no date" (targeting.md R1: earlier than 1901-01-01 is absent). */
const EARLIEST_REAL_DATE = Date.UTC(1901, 0, 1);

/**
 * An optional date-time as an ISO-8601 UTC string. halo-api.md §2.7 / quirk §7.8: "no date" is the sentinel
 * `1900-01-01T00:00:00` and becomes null; values without a zone (the sentinel, report cells from SQL Server's
 * zone-less datetime) are UTC; 7-digit fractions are truncated to milliseconds.
 */
export const date: FieldParser<string | null> = (value, field) => {
  if (isAbsent(value)) return null;
  if (typeof value !== 'string') throw malformed(field, `should be a date but is ${describe(value)}`);
  let textValue = value.trim().replace(' ', 'T');
  if (/^\d{4}-\d\d-\d\d$/.test(textValue)) textValue += 'T00:00:00';
  if (!ZONE.test(textValue)) textValue += 'Z';
  const time = Date.parse(textValue);
  if (Number.isNaN(time)) throw malformed(field, `should be a date but is ${describe(value)}`);
  return time < EARLIEST_REAL_DATE ? null : new Date(time).toISOString();
};

/** An optional array of nested records. */
export function list<T>(spec: RecordSpec<T>): FieldParser<T[]> {
  return (value, field) => {
    if (isAbsent(value)) return [];
    if (!Array.isArray(value)) throw malformed(field, 'should be a list');
    return value.map((item, index) => parseRecord(spec, item, `${field}[${index}]`));
  };
}

/** Reads one record, keeping only the properties of the spec (unknown Halo fields are tolerated, §2.7 intro). */
export function parseRecord<T>(spec: RecordSpec<T>, raw: unknown, path: string): T {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw malformed(path, 'should be an object');
  const source = raw as Record<string, unknown>;
  const out = {} as T;
  for (const key of Object.keys(spec) as (keyof T & string)[]) {
    out[key] = spec[key](source[key], `${path}.${key}`);
  }
  return out;
}

export interface ListPage {
  rows: unknown[];
  /** Total matching rows as Halo reports it; null for endpoints that answer with a bare array. */
  recordCount: number | null;
}

/**
 * halo-api.md §2.4 / quirk §7.3: lists come as `{record_count, <key>: [...]}` with a per-resource key, but
 * several endpoints (AssetType among them) answer with a bare array. Accept both everywhere.
 */
export function unwrapList(body: unknown, key: string, path: string): ListPage {
  if (Array.isArray(body)) return { rows: body, recordCount: null };
  if (body === null || typeof body !== 'object') throw malformed(path, `should be a list or an object with "${key}"`);
  const wrapper = body as Record<string, unknown>;
  const rows = wrapper[key];
  if (rows === undefined || rows === null) {
    // Halo omits the key when nothing matched on some builds; record_count then says 0.
    if (wrapper['record_count'] === 0 || wrapper['record_count'] === undefined) return { rows: [], recordCount: 0 };
    throw malformed(`${path}.${key}`, 'is missing');
  }
  if (!Array.isArray(rows)) throw malformed(`${path}.${key}`, 'should be a list');
  const recordCount = int(wrapper['record_count'], `${path}.record_count`);
  return { rows, recordCount };
}

/**
 * halo-api.md §2.5 / quirk §7.12: a POST answers with the saved object, a one-element array, or a
 * collection wrapper (`{"assets":[...]}`), depending on version and endpoint. Always returns the array.
 */
export function unwrapSaved(body: unknown, key: string, path: string): unknown[] {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object') {
    const wrapper = body as Record<string, unknown>;
    if (Array.isArray(wrapper[key])) return wrapper[key] as unknown[];
    if ('id' in wrapper) return [wrapper];
  }
  throw malformed(path, 'should be the saved record(s)');
}

const CANONICAL_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?$/;

/**
 * halo-api.md §5.2: report cells are always strings. Cells that are canonical decimal numbers become numbers;
 * anything else (including `"00123"`, where leading zeros mean it is a reference, not a quantity) stays text.
 */
export function reportCell(value: unknown): unknown {
  if (typeof value === 'string' && value.length <= 20 && CANONICAL_NUMBER.test(value)) return Number(value);
  return value;
}
