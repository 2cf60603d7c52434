import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InvalidInputError } from '../../src/errors.js';
import {
  commonOptionsShape,
  isLoopbackHost,
  parseProviderOptions,
  resolveEndpoint,
} from '../../src/providers/options.js';

describe('provider options', () => {
  it('lists every problem of bad options in one InvalidInputError', () => {
    const schema = z.strictObject({ ...commonOptionsShape, instanceId: z.string() });
    let caught: unknown;
    try {
      parseProviderOptions('example', schema, {
        region: '',
        rateLimit: -1,
        retry: { maxAttempts: 0 },
        extra: 1,
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    const paths = (caught as InvalidInputError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining(['region', 'rateLimit', 'retry.maxAttempts', 'instanceId', '']),
    );
    expect((caught as InvalidInputError).provider).toBe('example');
  });

  it('takes process.env itself as env, and refuses an env whose values are not strings', () => {
    const schema = z.strictObject(commonOptionsShape);
    expect(parseProviderOptions('example', schema, { region: 'r', env: process.env }).env).toBe(process.env);
    expect(() => parseProviderOptions('example', schema, { region: 'r', env: { A: 1 } })).toThrow(
      /env: expected an object of environment variables/,
    );
  });

  it('accepts https anywhere, http only on loopback unless allowed', () => {
    expect(resolveEndpoint('p', 'https://api.example.com', {}).href).toBe('https://api.example.com/');
    expect(resolveEndpoint('p', 'https://x', { endpoint: 'http://127.0.0.1:8080' }).port).toBe('8080');
    expect(resolveEndpoint('p', 'https://x', { endpoint: 'http://localhost:1' }).hostname).toBe('localhost');
    expect(resolveEndpoint('p', 'https://x', { endpoint: 'http://[::1]:1' }).hostname).toBe('[::1]');
    expect(() => resolveEndpoint('p', 'https://x', { endpoint: 'http://10.0.0.5:8080' })).toThrow(
      /allowInsecureHttp/,
    );
    expect(
      resolveEndpoint('p', 'https://x', { endpoint: 'http://10.0.0.5:8080', allowInsecureHttp: true }).host,
    ).toBe('10.0.0.5:8080');
    expect(() => resolveEndpoint('p', 'https://x', { endpoint: 'ftp://127.0.0.1' })).toThrow(
      InvalidInputError,
    );
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('127.10.20.30')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
  });
});
