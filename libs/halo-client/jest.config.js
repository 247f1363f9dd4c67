module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'halo-client',
  rootDir: __dirname,
};
