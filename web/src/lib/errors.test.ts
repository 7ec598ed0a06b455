import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiErrorFrom } from './api';
import { explainError } from './errors';

// The server defines its codes in one place; every one must have words here.
const header = readFileSync(fileURLToPath(new URL('../../../src/core/errors.hpp', import.meta.url)), 'utf8');
const serverCodes = [...header.matchAll(/^\s*X\((\w+),/gm)].map((m) => m[1]);

describe('explainError', () => {
  it('finds the server codes', () => {
    expect(serverCodes).toContain('UNSUPPORTED_MEDIA');
    expect(serverCodes.length).toBeGreaterThan(20);
  });

  it.each(serverCodes)('explains %s in words', (code) => {
    expect(explainError(code)).not.toBe('An unexpected error occurred.');
  });

  it('falls back to the server message for an unknown code', () => {
    expect(explainError('NEW_CODE', 'details')).toBe('details');
  });
});

describe('apiErrorFrom', () => {
  it('reads the error envelope', () => {
    const e = apiErrorFrom(415, JSON.stringify({ error: { code: 'UNSUPPORTED_MEDIA', message: 'looks like text' } }));
    expect([e.status, e.code, e.message]).toEqual([415, 'UNSUPPORTED_MEDIA', 'looks like text']);
  });

  it('copes with bodies that are not JSON', () => {
    expect(apiErrorFrom(502, '<html>Bad gateway</html>').code).toBe('HTTP_502');
    expect(apiErrorFrom(0, '').code).toBe('NETWORK_ERROR');
  });
});
