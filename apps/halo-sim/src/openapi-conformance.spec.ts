import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { NO_DATE, RESOURCE_KEYS, ResourceKey } from './model';
import { loadOpenApi } from './openapi-schemas';
import { HaloSim, RESOURCE_ROUTES, startHaloSim } from './server';

/** OpenAPI 3.0 `nullable` to JSON Schema: `type: [t, 'null']`, or `anyOf` with null beside a `$ref`. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = toJsonSchema(value);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (typeof out.$ref === 'string') return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  }
  return out;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

function buildAjv(): Ajv {
  // openapi.json is OpenAPI 3.0: `nullable`, int32/double formats, no $schema. Halo writes its "no date" as
  // 1900-01-01T00:00:00 without a zone although the schema says date-time (halo-api.md §2.7); that one
  // value is the only zone-less date-time accepted, so any other slip still fails.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('date-time', { validate: (value: string) => value === NO_DATE || (RFC3339.test(value) && !Number.isNaN(Date.parse(value))) });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('date-span', { validate: () => true });
  ajv.addSchema({ $id: 'halo', components: toJsonSchema(loadOpenApi().components) });
  return ajv;
}

describe('openapi.json conformance', () => {
  let sim: HaloSim;
  let auth: string;
  const ajv = buildAjv();
  const validators = new Map<string, ValidateFunction>();
  const validator = (schema: string): ValidateFunction => {
    let fn = validators.get(schema);
    if (!fn) {
      fn = ajv.getSchema(`halo#/components/schemas/${schema}`)!;
      validators.set(schema, fn);
    }
    return fn;
  };
  const get = async (path: string): Promise<unknown> => {
    const res = await fetch(`${sim.url}${path}`, { headers: { authorization: `Bearer ${auth}` } });
    expect(res.status).toBe(200);
    return res.json();
  };
  const failures = (schema: string, records: unknown[]): string[] => {
    const fn = validator(schema);
    const out: string[] = [];
    for (const record of records) {
      if (!fn(record)) out.push(`${schema} id ${String((record as { id?: unknown }).id)}: ${ajv.errorsText(fn.errors)}`);
    }
    return out;
  };

  beforeAll(async () => {
    sim = await startHaloSim({ clients: 25, seed: 9, asOf: '2026-12-04' });
    const res = await fetch(`${sim.url}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sim-client', client_secret: 'sim-secret', scope: 'all' }),
    });
    auth = ((await res.json()) as { access_token: string }).access_token;
  }, 60_000);
  afterAll(() => sim.close());

  it.each(RESOURCE_KEYS.map((key) => [key]))('should serve %s list rows that validate against the list schema', async (key: ResourceKey) => {
    const route = RESOURCE_ROUTES[key];
    const body = await get(`/api/${route.path}?pageinate=true&page_size=100000&page_no=1&includeinactive=true&includelines=true`);
    const rows = (Array.isArray(body) ? body : (body as Record<string, unknown[]>)[key]) as unknown[];
    expect(rows.length).toBe(sim.store.all(key).length === 0 ? 0 : key === 'tickets' ? Math.min(100, sim.store.all(key).length) : sim.store.all(key).length);
    expect(rows.length).toBeGreaterThan(0);
    expect(failures(route.listSchema, rows)).toEqual([]);
  });

  it.each(RESOURCE_KEYS.map((key) => [key]))('should serve single %s records that validate against the full schema', async (key: ResourceKey) => {
    const route = RESOURCE_ROUTES[key];
    const ids = sim.store.all(key).slice(0, 40).map((r) => r.id);
    const records = await Promise.all(ids.map((id) => get(`/api/${route.path}/${id}`)));
    expect(records).toHaveLength(ids.length);
    expect(failures(route.schema, records)).toEqual([]);
  });

  it('should answer a report that validates against AnalyzerProfile', async () => {
    const res = await fetch(`${sim.url}/api/Report`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ id: 0, name: '', sql: 'SELECT Aarea, aareadesc FROM AREA', apiquery_id: 0, _testonly: false, _loadreportonly: true }]),
    });
    const body = await res.json();
    expect(failures('AnalyzerProfile', [body])).toEqual([]);
  }, 30_000);

  it('should reject a record with a mistyped field when it is validated', () => {
    // Guards the check itself: a validator that accepted anything would make the tests above pass vacuously.
    expect(failures('Site_List', [{ id: 1, client_id: 'twelve' }])).toHaveLength(1);
    expect(failures('ContractHeader_List', [{ id: 1, start_date: '2024-01-01T00:00:00' }])).toHaveLength(1);
    expect(failures('Device_List', [{ id: 1, made_up_field: true }])).toHaveLength(1);
  });
});
