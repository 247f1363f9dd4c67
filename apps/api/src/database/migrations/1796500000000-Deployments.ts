import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The software library, computers with their agents and enrollment keys, detected inventory, deployments,
 * maintenance sessions and the actions handed to agents, and tenants' maintenance schedules.
 */
export class Deployments1796500000000 implements MigrationInterface {
  name = 'Deployments1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "platform" AS ENUM ('windows', 'linux', 'macos')`);
    await q.query(`CREATE TYPE "computer_kind" AS ENUM ('workstation', 'server', 'portable')`);
    await q.query(`
      CREATE TABLE "software" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "slug" text NOT NULL,
        "vendor" text,
        "platform" "platform" NOT NULL,
        "notes" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "software_slug_key" ON "software" ("slug")`);
    await q.query(`
      CREATE TABLE "software_versions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "software_id" uuid NOT NULL REFERENCES "software"("id") ON DELETE CASCADE,
        "version" text NOT NULL,
        "install_script" text NOT NULL,
        "uninstall_script" text NOT NULL,
        "detection_script" text NOT NULL,
        "timeout_seconds" integer,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "software_versions_key" ON "software_versions" ("software_id", "version")`);

    await q.query(`ALTER TABLE "tenants" ADD "maintenance_schedule" text, ADD "next_maintenance_at" timestamptz`);
    await q.query(`CREATE INDEX "tenants_next_maintenance_idx" ON "tenants" ("next_maintenance_at") WHERE "next_maintenance_at" IS NOT NULL`);

    await q.query(`
      CREATE TABLE "enrollment_keys" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL REFERENCES "tenants"("id") ON DELETE CASCADE,
        "name" text,
        -- SHA-256 of the key (a 32-byte random secret); the key itself is shown once and never stored.
        "key_hash" text NOT NULL,
        "prefix" text NOT NULL,
        "expires_at" timestamptz,
        "max_uses" integer,
        "uses" integer NOT NULL DEFAULT 0,
        "revoked_at" timestamptz,
        "last_used_at" timestamptz,
        "created_by" text,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "enrollment_keys_hash_key" ON "enrollment_keys" ("key_hash")`);
    await q.query(`CREATE INDEX "enrollment_keys_tenant_idx" ON "enrollment_keys" ("tenant_id")`);

    await q.query(`
      CREATE TABLE "computers" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "tenant_id" uuid NOT NULL REFERENCES "tenants"("id"),
        "hostname" text NOT NULL,
        "platform" "platform" NOT NULL,
        "os_name" text,
        "os_version" text,
        "serial" text,
        "hardware_id" text NOT NULL,
        "logged_in_user" text,
        "kind" "computer_kind" NOT NULL,
        "halo_site_id" integer,
        "primary_user_email" text,
        "agent_version" text,
        -- SHA-256 of the agent's credential (a 32-byte random secret); null once revoked.
        "agent_key_hash" text,
        "agent_revoked_at" timestamptz,
        "enrolled_at" timestamptz NOT NULL DEFAULT now(),
        "last_seen_at" timestamptz,
        "inventory_due_at" timestamptz NOT NULL DEFAULT now(),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    // The same hardware enrolling again updates its computer instead of adding a second one.
    await q.query(`CREATE UNIQUE INDEX "computers_hardware_key" ON "computers" ("hardware_id")`);
    await q.query(`CREATE INDEX "computers_tenant_idx" ON "computers" ("tenant_id", lower("hostname"))`);
    await q.query(`CREATE INDEX "computers_hostname_idx" ON "computers" (lower("hostname"))`);

    await q.query(`
      CREATE TABLE "computer_software" (
        "computer_id" uuid NOT NULL REFERENCES "computers"("id") ON DELETE CASCADE,
        "software_id" uuid NOT NULL REFERENCES "software"("id") ON DELETE CASCADE,
        -- null: detection ran and found it absent.
        "version" text,
        "detected_at" timestamptz NOT NULL,
        PRIMARY KEY ("computer_id", "software_id")
      )`);

    await q.query(`CREATE TYPE "deployment_action" AS ENUM ('install', 'uninstall', 'ignore')`);
    await q.query(`CREATE TYPE "enforcement" AS ENUM ('required', 'onboarding', 'adhoc')`);
    await q.query(`CREATE TYPE "target_kind" AS ENUM ('all', 'tenant', 'computer', 'contractType', 'recurringItem')`);
    await q.query(`
      CREATE TABLE "deployments" (
        -- UUIDv7 made by the API: ids sort by creation, so the older of two equal deployments wins a tie (targeting.md R8).
        "id" uuid PRIMARY KEY,
        "software_id" uuid NOT NULL REFERENCES "software"("id"),
        "action" "deployment_action" NOT NULL,
        "version" text,
        "enforcement" "enforcement" NOT NULL,
        "priority" integer NOT NULL DEFAULT 100,
        "computer_kinds" "computer_kind"[],
        "target_kind" "target_kind" NOT NULL,
        "target_tenant_id" uuid REFERENCES "tenants"("id"),
        "target_computer_id" uuid REFERENCES "computers"("id"),
        "target_integration_id" uuid REFERENCES "integrations"("id"),
        "target_contract_types" text[],
        "target_item_ids" integer[],
        "notes" text,
        "created_by" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "deployments_target_check" CHECK (
          ("target_kind" = 'tenant') = ("target_tenant_id" IS NOT NULL)
          AND ("target_kind" = 'computer') = ("target_computer_id" IS NOT NULL)
          AND ("target_kind" IN ('contractType', 'recurringItem')) = ("target_integration_id" IS NOT NULL)
          AND ("target_kind" = 'contractType') = ("target_contract_types" IS NOT NULL)
          AND ("target_kind" = 'recurringItem') = ("target_item_ids" IS NOT NULL)
        ),
        CONSTRAINT "deployments_version_check" CHECK (("action" = 'install') = ("version" IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX "deployments_software_idx" ON "deployments" ("software_id")`);

    await q.query(`
      CREATE TABLE "maintenance_sessions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "computer_id" uuid NOT NULL REFERENCES "computers"("id") ON DELETE CASCADE,
        "trigger" text NOT NULL,
        "deployment_id" uuid REFERENCES "deployments"("id") ON DELETE SET NULL,
        "deployment_label" text,
        "status" text NOT NULL DEFAULT 'pending',
        "phase" text NOT NULL DEFAULT 'waiting',
        "plan" jsonb NOT NULL DEFAULT '[]',
        "summary" text NOT NULL DEFAULT 'waiting for the computer to check in',
        "error" text,
        "created_by" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "started_at" timestamptz,
        "finished_at" timestamptz,
        "expires_at" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "maintenance_sessions_computer_idx" ON "maintenance_sessions" ("computer_id", "created_at" DESC)`);
    // At most one open session per computer: a second start is skipped, never run twice over the same machine.
    await q.query(`CREATE UNIQUE INDEX "maintenance_sessions_open_key" ON "maintenance_sessions" ("computer_id") WHERE "status" IN ('pending', 'running')`);
    await q.query(`CREATE INDEX "maintenance_sessions_created_idx" ON "maintenance_sessions" ("created_at" DESC)`);
    await q.query(`CREATE INDEX "maintenance_sessions_deployment_idx" ON "maintenance_sessions" ("deployment_id")`);

    await q.query(`
      CREATE TABLE "agent_actions" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "computer_id" uuid NOT NULL REFERENCES "computers"("id") ON DELETE CASCADE,
        -- null: an inventory detection outside any session.
        "session_id" uuid REFERENCES "maintenance_sessions"("id") ON DELETE CASCADE,
        -- Hands actions to the agent in the order they were planned.
        "seq" bigint GENERATED ALWAYS AS IDENTITY,
        "type" text NOT NULL,
        "upgrade" boolean NOT NULL DEFAULT false,
        "software_id" uuid REFERENCES "software"("id") ON DELETE SET NULL,
        "software_slug" text NOT NULL,
        "software_name" text NOT NULL,
        "version" text,
        "shell" text NOT NULL,
        "script" text NOT NULL,
        "timeout_seconds" integer NOT NULL,
        "status" text NOT NULL DEFAULT 'pending',
        "exit_code" integer,
        "output" text,
        "output_truncated" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        "started_at" timestamptz,
        "finished_at" timestamptz
      )`);
    await q.query(`CREATE INDEX "agent_actions_open_idx" ON "agent_actions" ("computer_id", "seq") WHERE "status" IN ('pending', 'running')`);
    await q.query(`CREATE INDEX "agent_actions_session_idx" ON "agent_actions" ("session_id", "seq")`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['agent_actions', 'maintenance_sessions', 'deployments', 'computer_software', 'computers', 'enrollment_keys', 'software_versions', 'software']) {
      await q.query(`DROP TABLE "${t}"`);
    }
    await q.query(`ALTER TABLE "tenants" DROP COLUMN "maintenance_schedule", DROP COLUMN "next_maintenance_at"`);
    for (const t of ['target_kind', 'enforcement', 'deployment_action', 'computer_kind', 'platform']) await q.query(`DROP TYPE "${t}"`);
  }
}
