import { safeReturnUrl } from './return-url';

describe(safeReturnUrl.name, () => {
  it.each([
    ['/audit', '/audit'],
    ['/technician-pod/psa/1/ticket/42?tab=x', '/technician-pod/psa/1/ticket/42?tab=x'],
    [null, '/'],
    ['', '/'],
    ['audit', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    ['/sign-in', '/'],
    ['/sign-in?returnUrl=%2Faudit', '/'],
  ])('should return %p as %p', (raw, expected) => {
    expect(safeReturnUrl(raw)).toBe(expected);
  });
});
