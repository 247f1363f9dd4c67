import { hostname } from 'node:os';
import {
  cleanHardwareId,
  cleanSerial,
  collectMachineInfo,
  kindFromChassisType,
  parseIoregProperty,
  parseOsRelease,
  parseSwVers,
  parseWhoFirstUser,
  parseWindowsProbe,
  platformFromNode,
} from './machine-info';
import { AGENT_VERSION } from './version';

describe('machine info', () => {
  it.each([
    ['3\n', 'workstation'],
    ['4', 'workstation'],
    ['8', 'portable'],
    ['9\n', 'portable'],
    ['10', 'portable'],
    ['11', 'portable'],
    ['14', 'portable'],
    ['30', 'portable'],
    ['31', 'portable'],
    ['32', 'portable'],
    ['17', 'server'],
    ['23\n', 'server'],
    ['28', 'server'],
    ['29', 'server'],
    ['1', 'workstation'],
    ['', 'workstation'],
    ['garbage', 'workstation'],
    [null, 'workstation'],
    [10, 'portable'],
  ])('should map chassis type %p to %s when deriving the kind', (chassis, kind) => {
    expect(kindFromChassisType(chassis)).toBe(kind);
  });

  it('should read the pretty name and version id when parsing Ubuntu os-release', () => {
    const text = [
      'PRETTY_NAME="Ubuntu 24.04.1 LTS"',
      'NAME="Ubuntu"',
      'VERSION_ID="24.04"',
      'VERSION="24.04.1 LTS (Noble Numbat)"',
      'ID=ubuntu',
      '# a comment',
      '',
    ].join('\n');
    expect(parseOsRelease(text)).toEqual({ osName: 'Ubuntu 24.04.1 LTS', osVersion: '24.04' });
  });

  it.each([
    ['unquoted and single-quoted values', "PRETTY_NAME='Debian GNU/Linux 12 (bookworm)'\nVERSION_ID=12\n", { osName: 'Debian GNU/Linux 12 (bookworm)', osVersion: '12' }],
    ['escaped quotes', 'PRETTY_NAME="My \\"Distro\\""\nVERSION_ID="1"', { osName: 'My "Distro"', osVersion: '1' }],
    ['no PRETTY_NAME', 'NAME=Alpine\nVERSION=3.20\nVERSION_ID=3.20.3', { osName: 'Alpine 3.20', osVersion: '3.20.3' }],
    ['a rolling release without VERSION_ID', 'PRETTY_NAME="Arch Linux"\nBUILD_ID=rolling', { osName: 'Arch Linux', osVersion: 'rolling' }],
    ['Windows line endings', 'PRETTY_NAME="Fedora Linux 40"\r\nVERSION_ID=40\r\n', { osName: 'Fedora Linux 40', osVersion: '40' }],
    ['nothing useful', 'garbage', { osName: null, osVersion: null }],
  ])('should parse os-release when it has %s', (_name, text, expected) => {
    expect(parseOsRelease(text)).toEqual(expected);
  });

  it('should read the product name and version when parsing sw_vers', () => {
    expect(parseSwVers('ProductName:\t\tmacOS\nProductVersion:\t\t14.4.1\nBuildVersion:\t\t23E224\n')).toEqual({ osName: 'macOS 14.4.1', osVersion: '14.4.1' });
  });

  it('should read the platform UUID and serial when parsing ioreg', () => {
    const text = '+-o J314sAP  <class IOPlatformExpertDevice>\n    "IOPlatformSerialNumber" = "C02XK0AAJGH5"\n    "IOPlatformUUID" = "2B5E4C1A-8F0E-5E4B-9B4D-0A1B2C3D4E5F"\n';
    expect(parseIoregProperty(text, 'IOPlatformUUID')).toBe('2B5E4C1A-8F0E-5E4B-9B4D-0A1B2C3D4E5F');
    expect(parseIoregProperty(text, 'IOPlatformSerialNumber')).toBe('C02XK0AAJGH5');
    expect(parseIoregProperty(text, 'Missing')).toBeNull();
  });

  it.each([
    ['alice    tty7         2024-05-01 09:12 (:0)\nbob      pts/0        2024-05-01 10:00 (10.0.0.5)\n', 'alice'],
    ['\n', null],
    ['', null],
  ])('should take the first user when parsing who output %p', (text, user) => {
    expect(parseWhoFirstUser(text)).toBe(user);
  });

  it('should read serial, UUID, chassis and user when parsing the Windows probe', () => {
    expect(parseWindowsProbe('{"serial":"5CD1234XYZ","uuid":"4C4C4544-0042-3010-8052-B4C04F4B4E32","chassis":10,"user":"ACME\\\\alice"}\r\n')).toEqual({
      serial: '5CD1234XYZ',
      uuid: '4C4C4544-0042-3010-8052-B4C04F4B4E32',
      chassis: 10,
      user: 'ACME\\alice',
    });
    expect(parseWindowsProbe('not json')).toEqual({ serial: null, uuid: null, chassis: null, user: null });
  });

  it.each([
    ['To be filled by O.E.M.', null],
    ['Default string', null],
    ['0', null],
    ['  ', null],
    [null, null],
    ['PF3ABCDE\n', 'PF3ABCDE'],
  ])('should clean serial %p to %p when firmware left a placeholder', (value, expected) => {
    expect(cleanSerial(value)).toBe(expected);
  });

  it.each([
    ['03000200-0400-0500-0006-000700080009', null],
    ['00000000-0000-0000-0000-000000000000\n', null],
    ['FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', null],
    ['4c4c4544-0042-3010-8052-b4c04f4b4e32\n', '4c4c4544-0042-3010-8052-b4c04f4b4e32'],
  ])('should clean hardware id %p to %p when it is shared by many boards', (value, expected) => {
    expect(cleanHardwareId(value)).toBe(expected);
  });

  it.each([
    ['win32', 'windows'],
    ['darwin', 'macos'],
    ['linux', 'linux'],
    ['freebsd', 'linux'],
  ] as const)('should call Node platform %s %s when reporting the platform', (node, platform) => {
    expect(platformFromNode(node)).toBe(platform);
  });

  it('should prefer the installer-given hostname, hardware id and kind when they are passed', async () => {
    const info = await collectMachineInfo({ hostname: 'front-desk-01', hardwareId: 'hw-123', kind: 'server' }, {});
    expect(info).toMatchObject({ hostname: 'front-desk-01', hardwareId: 'hw-123', kind: 'server', platform: platformFromNode(process.platform), agentVersion: AGENT_VERSION });
  });

  it('should take the hardware id from ENTITLE_AGENT_HARDWARE_ID and the hostname from the system when no flags are passed', async () => {
    const info = await collectMachineInfo({}, { ENTITLE_AGENT_HARDWARE_ID: 'from-env' });
    expect(info.hardwareId).toBe('from-env');
    expect(info.hostname).toBe(hostname());
  });
});
