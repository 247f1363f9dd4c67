module.exports = {
  // The shared preset lives at the workspace root; it is config, not a project import (eslint.config.mjs allows it here).
  ...require('../../jest.preset.js'),
  displayName: 'agent',
  rootDir: __dirname,
};
