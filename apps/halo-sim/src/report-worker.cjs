// The report database runs in a worker thread: PGlite loads its WASM with dynamic imports that Jest's VM
// cannot run, and heavy report SQL then never stalls the simulator's HTTP loop.
const { parentPort } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');
const { citext } = require('@electric-sql/pglite/contrib/citext');

let dbPromise = null;

function cellText(value) {
  if (value === null || value === undefined) return '';
  // SQL Server's datetime has no zone; Halo renders it without one.
  if (value instanceof Date) return value.toISOString().slice(0, 19);
  return String(value);
}

async function handle(message) {
  if (message.type === 'start') {
    // citext gives text columns SQL Server's default case-insensitive collation: Halo report SQL written as
    // `WHERE lk.fvalue = 'managed security'` matches there, so it must match here.
    dbPromise = PGlite.create({ extensions: { citext } });
    const db = await dbPromise;
    await db.exec('CREATE EXTENSION IF NOT EXISTS citext');
    for (const statement of message.ddl) await db.exec(statement);
    return null;
  }
  const db = await dbPromise;
  if (message.type === 'load') {
    await db.exec(`TRUNCATE ${message.table}`);
    if (message.csv !== '') {
      await db.query(`COPY ${message.table} FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([message.csv]) });
    }
    return null;
  }
  if (message.type === 'query') {
    const result = await db.transaction(async (tx) => {
      await tx.exec('SET TRANSACTION READ ONLY');
      return tx.query(message.sql, [], { rowMode: 'array' });
    });
    return { fields: result.fields.map((f) => f.name), rows: result.rows.map((row) => row.map(cellText)) };
  }
  if (message.type === 'close') {
    await db.close();
    return null;
  }
  throw new Error(`unknown message ${message.type}`);
}

parentPort.on('message', (message) => {
  handle(message).then(
    (result) => parentPort.postMessage({ id: message.id, ok: true, result }),
    (error) => parentPort.postMessage({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
  );
});
