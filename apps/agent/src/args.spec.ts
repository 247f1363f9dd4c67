import { parseArgs, UsageError } from './args';

describe('parseArgs', () => {
  it('should read every enroll flag when they are given as pairs or with =', () => {
    expect(parseArgs(['enroll', '--server', 'https://e.example', '--key=K1', '--config', '/tmp/a.json', '--kind', 'portable', '--hardware-id', 'H', '--hostname', 'pc1', '--run'])).toEqual({
      command: 'enroll',
      server: 'https://e.example',
      key: 'K1',
      config: '/tmp/a.json',
      kind: 'portable',
      hardwareId: 'H',
      hostname: 'pc1',
      run: true,
    });
  });

  it('should take the key from ENTITLE_ENROLLMENT_KEY when --key is not given', () => {
    expect(parseArgs(['enroll', '--server', 'https://e.example'], { ENTITLE_ENROLLMENT_KEY: 'K2' })).toMatchObject({ key: 'K2', run: false });
  });

  it.each([
    [['run'], { command: 'run', once: false }],
    [['run', '--once', '--config', 'c.json'], { command: 'run', once: true, config: 'c.json' }],
    [['status'], { command: 'status' }],
    [['--help'], { command: 'help' }],
    [['run', '-h'], { command: 'help' }],
    [['--version'], { command: 'version' }],
  ])('should parse %p when it is valid', (argv, expected) => {
    expect(parseArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], 'a command is needed'],
    [['install'], 'unknown command install'],
    [['run', '--colour', 'red'], 'unknown flag --colour'],
    [['status', '--once'], 'unknown flag --once'],
    [['run', '--config'], '--config needs a value'],
    [['enroll', '--key', 'K'], 'enroll needs --server'],
    [['enroll', '--server', 'https://e.example'], 'enroll needs --key'],
    [['enroll', '--server', '--key', 'K'], '--server needs a value'],
    [['enroll', '--server', 'https://e.example', '--key', 'K', '--kind', 'laptop'], '--kind must be workstation, server or portable'],
    [['run', 'now'], 'unexpected argument now'],
  ])('should refuse %p naming the problem when it is invalid', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
