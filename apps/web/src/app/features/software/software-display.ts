import { type Platform, shellFor, SLUG_PATTERN } from '@entitle/domain';

export const PLATFORM_LABELS: Record<Platform, string> = { windows: 'Windows', linux: 'Linux', macos: 'macOS' };

/** The shell an agent runs this platform's scripts with, as an admin names it. */
export function shellLabel(platform: Platform): string {
  return shellFor(platform) === 'powershell' ? 'PowerShell' : 'sh';
}

/** A slug suggested from a name: "Huntress MDR (x64)" → `huntress-mdr-x64`. Empty when nothing usable is left. */
export function suggestSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return SLUG_PATTERN.test(slug) ? slug : '';
}
