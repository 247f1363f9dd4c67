import { shellLabel, suggestSlug } from './software-display';

describe(suggestSlug.name, () => {
  it.each([
    ['SentinelOne', 'sentinelone'],
    ['Huntress MDR (x64)', 'huntress-mdr-x64'],
    ['  Zoë’s Tool  ', 'zoe-s-tool'],
    ['7-Zip', '7-zip'],
    ['***', ''],
    ['a'.repeat(80), 'a'.repeat(63)],
  ])('should suggest a slug for %p', (name, slug) => {
    expect(suggestSlug(name)).toBe(slug);
  });
});

describe(shellLabel.name, () => {
  it.each([
    ['windows', 'PowerShell'],
    ['linux', 'sh'],
    ['macos', 'sh'],
  ] as const)('should name the shell of %s scripts %s', (platform, shell) => {
    expect(shellLabel(platform)).toBe(shell);
  });
});
