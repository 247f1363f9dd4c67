import { normalizeServerUrl, parseRetryAfter } from './api-client';

describe('api client', () => {
  it.each([
    ['https://entitle.example', 'https://entitle.example'],
    ['https://entitle.example/', 'https://entitle.example'],
    ['https://entitle.example/api/v1/', 'https://entitle.example'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['https://msp.example/entitle/', 'https://msp.example/entitle'],
  ])('should normalise %s to %s when it is a server URL', (input, expected) => {
    expect(normalizeServerUrl(input)).toBe(expected);
  });

  it.each(['entitle.example', 'ftp://entitle.example', 'https://u:p@entitle.example', 'https://entitle.example/?a=1'])('should refuse %s when it is not a plain http(s) URL', (input) => {
    expect(() => normalizeServerUrl(input)).toThrow('--server');
  });

  it.each([
    ['120', 120_000],
    ['0', 0],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['soon', null],
    [null, null],
  ])('should read Retry-After %p as %p ms when the server sends it', (header, expected) => {
    expect(parseRetryAfter(header, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(expected);
  });
});
