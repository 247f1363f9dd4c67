import type { SyncCounts, SyncRunStatus } from '@entitle/domain';
import { SYNC_RUN_STATUSES } from '@entitle/domain';
import { describeCounts, describeDuration, isFinished, statusBadge, technicianTabUrl } from './sync-display';

describe('sync display', () => {
  it.each<[SyncRunStatus, boolean]>(SYNC_RUN_STATUSES.map((status) => [status, status !== 'running']))(
    'should say whether the run is over (%s: %s) when polling decides to stop',
    (status, finished) => {
      expect(isFinished({ status })).toBe(finished);
    },
  );

  it.each<[SyncRunStatus, string]>([
    ['running', 'badge-info'],
    ['succeeded', 'badge-success'],
    ['held', 'badge-warning'],
    ['failed', 'badge-danger'],
    ['abandoned', 'badge-danger'],
  ])('should colour a %s run as %s', (status, badge) => {
    expect(statusBadge(status)).toBe(badge);
  });

  it('should list every count with singular and plural words when a run fetched data', () => {
    const counts: SyncCounts = { clients: 1, sites: 2, users: 1200, contracts: 0, recurringInvoices: 1, recurringLines: 3, items: 1 };

    expect(describeCounts(counts)).toBe('1 client · 2 sites · 1,200 users · 0 contracts · 1 recurring invoice · 3 lines · 1 item');
  });

  it('should say nothing was fetched when a run has no counts', () => {
    expect(describeCounts(null)).toBe('no data fetched');
  });

  it.each([
    ['2026-12-04T10:00:00.000Z', '2026-12-04T10:00:02.340Z', '2.3 s'],
    ['2026-12-04T10:00:00.000Z', '2026-12-04T10:02:05.000Z', '2 min 5 s'],
  ])('should show the time from %s to %s as %s', (startedAt, finishedAt, expected) => {
    expect(describeDuration({ startedAt, finishedAt })).toBe(expected);
  });

  it('should count a running run up to now when it has no end', () => {
    expect(describeDuration({ startedAt: '2026-12-04T10:00:00.000Z', finishedAt: null }, Date.parse('2026-12-04T10:00:07.000Z'))).toBe('7.0 s');
  });

  it.each([
    ['https://entitle.example.com', 'https://entitle.example.com/technician-pod/psa/abc/ticket/$FAULTID'],
    ['https://entitle.example.com/', 'https://entitle.example.com/technician-pod/psa/abc/ticket/$FAULTID'],
  ])('should build the custom tab URL for Halo when the origin is %s', (origin, expected) => {
    expect(technicianTabUrl(origin, 'abc')).toBe(expected);
  });
});
