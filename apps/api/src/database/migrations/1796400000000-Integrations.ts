import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HaloPSA integration links, their sync runs, the per-link snapshot of Halo data (keyed by integration and Halo id),
 * held syncs awaiting approval, and tenants with their mapping to a Halo client.
 */
export class Integrations1796400000000 implements MigrationInterface {
  name = 'Integrations1796400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "integrations" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "halo_url" text NOT NULL,
        "auth_url" text,
        "tenant" text,
        "client_id" text NOT NULL,
        -- AES-256-GCM: 12-byte IV || 16-byte tag || ciphertext. Never the clear secret.
        "client_secret_enc" bytea NOT NULL,
        "sync_interval_minutes" integer NOT NULL DEFAULT 15,
        "enabled" boolean NOT NULL DEFAULT true,
        "health" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "sync_runs" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "integration_id" uuid NOT NULL REFERENCES "integrations"("id") ON DELETE CASCADE,
        "trigger" text NOT NULL,
        "status" text NOT NULL,
        "started_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz,
        "counts" jsonb,
        "halo_requests" integer,
        "source" text,
        "error" text,
        "drop" jsonb,
        "decided_at" timestamptz,
        "decided_by" text
      )`);
    await q.query(`CREATE INDEX "sync_runs_integration_idx" ON "sync_runs" ("integration_id", "started_at" DESC)`);
    await q.query(`CREATE TABLE "sync_held_payloads" ("run_id" uuid PRIMARY KEY REFERENCES "sync_runs"("id") ON DELETE CASCADE, "payload" jsonb NOT NULL)`);

    await q.query(`
      CREATE TABLE "halo_clients" (
        "integration_id" uuid NOT NULL REFERENCES "integrations"("id") ON DELETE CASCADE,
        "id" integer NOT NULL,
        "name" text NOT NULL,
        "inactive" boolean NOT NULL,
        -- Set when a later sync no longer sees the client: kept (its mapping too) and flagged.
        "missing_since" timestamptz,
        "raw" jsonb,
        PRIMARY KEY ("integration_id", "id")
      )`);
    await q.query(`
      CREATE TABLE "halo_sites" (
        "integration_id" uuid NOT NULL REFERENCES "integrations"("id") ON DELETE CASCADE,
        "id" integer NOT NULL, "client_id" integer, "name" text NOT NULL, "inactive" boolean NOT NULL,
        PRIMARY KEY ("integration_id", "id")
      )`);
    await q.query(`
      CREATE TABLE "halo_users" (
        "integration_id" uuid NOT NULL REFERENCES "integrations"("id") ON DELETE CASCADE,
        "id" integer NOT NULL, "client_id" integer, "site_id" integer, "name" text NOT NULL, "email" text, "inactive" boolean NOT NULL,
        PRIMARY KEY ("integration_id", "id")
      )`);
    await q.query(`
      CREATE TABLE "halo_contracts" (
        "integration_id" uuid NOT NULL REFERENCES "integrations"("id") ON DELETE CASCADE,
        "id" integer NOT NULL, "client_id" integer, "site_id" integer, "ref" text, "contracttype_name" text,
        "start_date" timestamptz, "end_date" timestamptz, "active" boolean NOT NULL, "expired" boolean NOT NULL,
        PRIMARY KEY ("integration_id", "id")
      )`);
    await q.query(`
      CREATE TABLE "halo_recurring_invoices" (
        "integration_id" uuid NOT NULL REFERENCES "integrations"("id") ON DELETE CASCADE,
        "id" integer NOT NULL, "client_id" integer, "site_id" integer, "contract_id" integer, "disabled" boolean NOT NULL,
        "startdate" timestamptz, "enddate" timestamptz,
        PRIMARY KEY ("integration_id", "id")
      )`);
    await q.query(`
      CREATE TABLE "halo_recurring_lines" (
        "integration_id" uuid NOT NULL REFERENCES "integrations"("id") ON DELETE CASCADE,
        "id" integer NOT NULL, "invoice_id" integer NOT NULL, "item_id" integer, "item_code" text, "item_shortdescription" text,
        "qty_order" double precision NOT NULL, "isinactive" boolean NOT NULL, "startdate" timestamptz, "enddate" timestamptz,
        PRIMARY KEY ("integration_id", "id")
      )`);
    await q.query(`CREATE INDEX "halo_recurring_lines_invoice_idx" ON "halo_recurring_lines" ("integration_id", "invoice_id")`);
    await q.query(`
      CREATE TABLE "halo_items" (
        "integration_id" uuid NOT NULL REFERENCES "integrations"("id") ON DELETE CASCADE,
        "id" integer NOT NULL, "name" text NOT NULL,
        PRIMARY KEY ("integration_id", "id")
      )`);

    await q.query(`
      CREATE TABLE "tenants" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        -- Deleting a link unmaps its tenants first (integrations.service.ts), so both mapping columns clear together.
        "integration_id" uuid REFERENCES "integrations"("id"),
        "halo_client_id" integer,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "tenants_name_key" ON "tenants" (lower("name"))`);
    // A Halo client maps to at most one tenant.
    await q.query(`CREATE UNIQUE INDEX "tenants_mapping_key" ON "tenants" ("integration_id", "halo_client_id") WHERE "integration_id" IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['tenants', 'halo_items', 'halo_recurring_lines', 'halo_recurring_invoices', 'halo_contracts', 'halo_users', 'halo_sites', 'halo_clients', 'sync_held_payloads', 'sync_runs', 'integrations']) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}
