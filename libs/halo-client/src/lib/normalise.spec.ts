import { HaloError, HaloErrorCode } from './halo-error';
import { bool, date, id, int, num, reportCell, str, unwrapList, unwrapSaved } from './normalise';

function caught(run: () => unknown): HaloError {
  try {
    run();
  } catch (error) {
    if (error instanceof HaloError) return error;
    throw error;
  }
  throw new Error('expected a HaloError');
}

describe('normalise', () => {
  describe(date.name, () => {
    it.each([
      ['1900-01-01T00:00:00', null],
      ['1899-12-30T00:00:00', null],
      ['', null],
      [null, null],
      ['2026-04-23T19:42:21Z', '2026-04-23T19:42:21.000Z'],
      ['2023-06-29T10:16:08.8378294Z', '2023-06-29T10:16:08.837Z'],
      ['2024-01-01T00:00:00', '2024-01-01T00:00:00.000Z'],
      ['2024-01-01 08:30:00.000', '2024-01-01T08:30:00.000Z'],
      ['2024-01-01', '2024-01-01T00:00:00.000Z'],
      ['2026-04-23T19:42:21+02:00', '2026-04-23T17:42:21.000Z'],
    ])('should normalise %p to %p when Halo sends it', (input, expected) => {
      expect(date(input, 'x.date')).toBe(expected);
    });

    it('should name the field when a date cannot be parsed', () => {
      const error = caught(() => date('soon', 'contracts[2].end_date'));
      expect(error.code).toBe(HaloErrorCode.MalformedResponse);
      expect(error.field).toBe('contracts[2].end_date');
      expect(error.message).toContain('contracts[2].end_date');
    });
  });

  describe(int.name, () => {
    it.each([
      [95, 95],
      [95.0, 95],
      ['95.0', 95],
      ['95', 95],
      [-151, -151],
      [null, null],
      ['', null],
      [undefined, null],
    ])('should read %p as %p when it is an id Halo may send as a double', (input, expected) => {
      expect(int(input, 'site.client_id')).toBe(expected);
    });

    it.each([[95.5], ['abc'], [true], [{}]])('should reject %p naming the field when it is not a whole number', (input) => {
      expect(caught(() => int(input, 'sites[4].client_id')).field).toBe('sites[4].client_id');
    });

    it('should reject a missing id when the id is required', () => {
      expect(caught(() => id(undefined, 'clients[0].id')).message).toContain('clients[0].id is missing');
    });
  });

  it.each([
    [true, true], ['True', true], ['1', true], [1, true], [false, false], ['false', false], ['0', false], [0, false], [null, null],
  ])('should read flag %p as %p when Halo or a report cell sends it', (input, expected) => {
    expect(bool(input, 'x')).toBe(expected);
  });

  it.each([['25', 25], ['2.5', 2.5], [3, 3], ['', null]])('should read number %p as %p when it arrives as text', (input, expected) => {
    expect(num(input, 'x')).toBe(expected);
  });

  it('should turn an empty string into null when a text field is empty', () => {
    expect(str('', 'x')).toBeNull();
    expect(str('MSC-24', 'x')).toBe('MSC-24');
  });

  it.each([
    ['12', 12], ['-151', -151], ['2.5', 2.5], ['0', 0], ['00123', '00123'], ['1e5', '1e5'], ['Acme', 'Acme'], ['', ''],
  ])('should convert report cell %p to %p when it is a canonical number', (input, expected) => {
    expect(reportCell(input)).toBe(expected);
  });

  describe(unwrapList.name, () => {
    it('should read the rows and record_count when the list is wrapped', () => {
      expect(unwrapList({ record_count: 3, clients: [{ id: 1 }] }, 'clients', 'GET /api/Client')).toEqual({ rows: [{ id: 1 }], recordCount: 3 });
    });

    it('should accept a bare array when the endpoint has no wrapper', () => {
      expect(unwrapList([{ id: 1 }, { id: 2 }], 'assettypes', 'GET /api/AssetType')).toEqual({ rows: [{ id: 1 }, { id: 2 }], recordCount: null });
    });

    it('should name the missing key when the wrapper has rows under another key', () => {
      expect(caught(() => unwrapList({ record_count: 2, things: [] }, 'clients', 'GET /api/Client')).field).toBe('GET /api/Client.clients');
    });
  });

  describe(unwrapSaved.name, () => {
    it.each([
      ['an object', { id: 7, name: 'pc' }],
      ['a one-element array', [{ id: 7, name: 'pc' }]],
      ['a collection wrapper', { assets: [{ id: 7, name: 'pc' }] }],
    ])('should return the saved records when Halo answers with %s', (_shape, body) => {
      expect(unwrapSaved(body, 'assets', 'POST /api/Asset')).toEqual([{ id: 7, name: 'pc' }]);
    });
  });
});
