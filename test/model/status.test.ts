import { describe, expect, it } from 'vitest';
import { createStatusMapper, jobStatuses, statusOrder } from '../../src/model/status.js';

describe('status tables', () => {
  const mapper = createStatusMapper({ running: ['RUNNING', 8], failed: ['FAILED', 'FAILED_INTERRUPTED'] });

  it('maps native values without regard to letter case, numbers as their text', () => {
    expect(mapper.toUnified('running')).toBe('running');
    expect(mapper.toUnified('Running')).toBe('running');
    expect(mapper.toUnified(8)).toBe('running');
    expect(mapper.toUnified('8')).toBe('running');
    expect(mapper.toUnified('failed_interrupted')).toBe('failed');
  });

  it('maps anything unknown to `unknown`, never throwing', () => {
    expect(mapper.toUnified('HIBERNATING')).toBe('unknown');
    expect(mapper.toUnified(null)).toBe('unknown');
    expect(mapper.toUnified(undefined)).toBe('unknown');
    expect(mapper.toUnified(99)).toBe('unknown');
  });

  it('reverses the table for pushdown', () => {
    expect(mapper.toNative(['failed', 'running'])).toEqual(['FAILED', 'FAILED_INTERRUPTED', 'RUNNING', '8']);
    expect(mapper.toNative(['stopped'])).toEqual([]);
  });

  it('refuses a table that maps one native value twice', () => {
    expect(() => createStatusMapper({ running: ['X'], failed: ['x'] })).toThrow(/twice/);
  });

  it('orders statuses as the enum lists them', () => {
    expect([...jobStatuses].sort((a, b) => statusOrder(b) - statusOrder(a))[0]).toBe('unknown');
    expect(statusOrder('pending')).toBe(0);
  });
});
