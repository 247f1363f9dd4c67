/** `GET /api/v1/health`: liveness, and whether the database answers. */
export interface HealthResponse {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  database: { status: 'up' | 'down'; latencyMs: number | null; error?: string };
}
