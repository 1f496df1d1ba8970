import { afterAll, afterEach, beforeEach } from 'vitest';
import { testDatabases } from './support/engine.ts';

// The PostgreSQL run's databases: one per test, or per file when made in a `beforeAll`.
beforeEach(() => testDatabases.testStarts());
afterEach(() => testDatabases.testEnded());
afterAll(() => testDatabases.fileEnded());

// A failing console.error guard keeps noise honest: a test that logs an error
// without expecting it fails.
let errors: unknown[][] = [];
const original = console.error;

beforeEach(() => {
  errors = [];
  console.error = (...args: unknown[]) => {
    errors.push(args);
    original(...args);
  };
});

afterEach(() => {
  console.error = original;
  if (errors.length > 0) {
    throw new Error(`console.error was called ${errors.length} time(s): ${String(errors[0]?.[0])}`);
  }
});
