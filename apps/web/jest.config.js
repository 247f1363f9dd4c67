// Angular unit tests: jest-preset-angular compiles components (templates included) in JIT, on jsdom,
// with a zoneless TestBed like the app itself (see src/test-setup.ts).
const { createCjsPreset } = require('jest-preset-angular/presets');
const shared = require('../../jest.preset.js');

module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'web',
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  setupFilesAfterEnv: ['<rootDir>/src/test-setup.ts'],
  moduleNameMapper: shared.moduleNameMapper,
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
};
