import { compareVersions, shellFor } from './software';

describe(compareVersions.name, () => {
  it.each([
    ['1.10.0', '1.9.2', 1],
    ['1.2', '1.2.0', 0],
    ['2', '10', -1],
    ['1.2.0-beta', '1.2.0', -1],
    ['1.2.0-beta.2', '1.2.0-beta.10', -1],
    ['24.1.2', '23.4.1', 1],
    [' 1.0 ', '1.0', 0],
    ['1.1.1a', '1.1.1', 1],
    ['1.1.1b', '1.1.1a', 1],
    ['2.0', '2.0.0.0', 0],
  ])('should order %s against %s as %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b)) || 0).toBe(sign);
    expect(Math.sign(compareVersions(b, a)) || 0).toBe(-sign || 0);
  });

  it('should sort a list the way people read versions when used as a comparator', () => {
    expect(['1.10.0', '1.2.0', '0.9', '1.2.0-rc1', '1.9'].sort(compareVersions)).toEqual(['0.9', '1.2.0-rc1', '1.2.0', '1.9', '1.10.0']);
  });
});

describe(shellFor.name, () => {
  it('should run PowerShell on Windows and sh elsewhere', () => {
    expect([shellFor('windows'), shellFor('linux'), shellFor('macos')]).toEqual(['powershell', 'sh', 'sh']);
  });
});
