module.exports = {
  // The shared preset lives at the workspace root; it is config, not a project import.
  // eslint-disable-next-line @nx/enforce-module-boundaries
  ...require('../../jest.preset.js'),
  displayName: 'halo-sim',
  rootDir: __dirname,
};
