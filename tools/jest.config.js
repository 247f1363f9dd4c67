module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'tools',
  rootDir: __dirname,
  moduleNameMapper: {},
  testTimeout: 120000,
  testPathIgnorePatterns: ['/node_modules/', '/bench/'],
};
