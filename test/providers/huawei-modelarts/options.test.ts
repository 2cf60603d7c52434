import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { InvalidInputError, UnsupportedOperationError } from '../../../src/errors.js';
import {
  defaultPageSize,
  defaultRateLimit,
  huaweiModelArts,
} from '../../../src/providers/huawei-modelarts/index.js';
import { collect, failure, mockAgent, projectId, region } from './setup.js';

function thrown(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

const agents: ReturnType<typeof mockAgent>[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

describe('huaweiModelArts options', () => {
  it('builds an instance with the defaults', () => {
    const adapter = huaweiModelArts({ region, projectId, credentials: { token: 'token-value-1' }, env: {} });
    expect(adapter.providerId).toBe('huawei-modelarts');
    expect(adapter.name).toBe('huawei-modelarts:cn-north-4');
    expect(adapter.region).toBe(region);
    expect(adapter.projectId).toBe(projectId);
    expect(adapter.workspaceId).toBeNull();
    expect(adapter.endpoint.href).toBe('https://modelarts.cn-north-4.myhuaweicloud.com/');
    expect(adapter.jobLister.pageSize).toBe(defaultPageSize);
    expect(adapter.jobLister.paging).toBe('numbered');
    expect(adapter.jobGroupLister).toBeNull();
    expect(adapter.transport.limiter.rate).toBe(defaultRateLimit);
    expect(adapter.capabilities.pushdown.jobs).toEqual(['ids', 'status', 'name', 'sort']);
    expect(adapter.capabilities.operations).toEqual([]);
  });

  it('takes the project id from HUAWEICLOUD_SDK_PROJECT_ID when not given', () => {
    const adapter = huaweiModelArts({
      region,
      env: { HUAWEICLOUD_SDK_PROJECT_ID: 'project-from-env' },
      credentials: { token: 'token-value-1' },
    });
    expect(adapter.projectId).toBe('project-from-env');
    // The option wins over the environment.
    expect(
      huaweiModelArts({ region, projectId: 'given', env: { HUAWEICLOUD_SDK_PROJECT_ID: 'env' } }).projectId,
    ).toBe('given');
  });

  it('refuses a missing project id, naming the variable, together with every other problem', () => {
    const error = thrown(() =>
      huaweiModelArts({ region: '', env: {}, pageSize: 1001, credentials: { ak: 'only-ak' } as never }),
    );
    const paths = error.issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['region', 'pageSize', 'projectId']));
    expect(paths.some((path) => path.startsWith('credentials'))).toBe(true);
    expect(error.message).toContain('HUAWEICLOUD_SDK_PROJECT_ID');
    expect(error.provider).toBe('huawei-modelarts');
    const blank = thrown(() => huaweiModelArts({ region, env: { HUAWEICLOUD_SDK_PROJECT_ID: ' ' } }));
    expect(blank.issues.map((issue) => issue.path)).toEqual(['projectId']);
  });

  it('refuses project ids and credentials that cannot travel in a path or a header', () => {
    const base = { region, env: {} };
    expect(thrown(() => huaweiModelArts({ ...base, projectId: 'a b' })).issues[0]?.path).toBe('projectId');
    expect(thrown(() => huaweiModelArts({ ...base, projectId: 'a/b' })).issues[0]?.path).toBe('projectId');
    const fromEnv = thrown(() => huaweiModelArts({ region, env: { HUAWEICLOUD_SDK_PROJECT_ID: 'x/y' } }));
    expect(fromEnv.issues[0]?.message).toContain('HUAWEICLOUD_SDK_PROJECT_ID');
    const credentials = thrown(() =>
      huaweiModelArts({ ...base, projectId, credentials: { token: 'abc\ndef' } }),
    );
    expect(credentials.issues[0]?.path).toMatch(/^credentials/);
    expect(credentials.message).not.toContain('abc');
    expect(
      thrown(() => huaweiModelArts({ ...base, projectId, endpoint: 'http://127.0.0.1:1/%zz' })).issues[0]
        ?.path,
    ).toBe('endpoint');
  });

  it('accepts per_page from 1 to 1000 and nothing else', () => {
    const base = { region, projectId, env: {} };
    expect(huaweiModelArts({ ...base, pageSize: 1 }).jobLister.pageSize).toBe(1);
    expect(huaweiModelArts({ ...base, pageSize: 1000 }).jobLister.pageSize).toBe(1000);
    expect(thrown(() => huaweiModelArts({ ...base, pageSize: 1001 })).issues[0]?.path).toBe('pageSize');
    expect(thrown(() => huaweiModelArts({ ...base, pageSize: 0 })).issues[0]?.path).toBe('pageSize');
    expect(thrown(() => huaweiModelArts({ ...base, pageSize: 2.5 })).issues[0]?.path).toBe('pageSize');
  });

  it('rejects unknown keys, blank credentials and plain http to a remote host', () => {
    const base = { region, projectId, env: {} };
    expect(thrown(() => huaweiModelArts({ ...base, instanceId: 'x' } as never)).issues[0]?.path).toBe('');
    expect(
      thrown(() => huaweiModelArts({ ...base, credentials: { ak: 'a', sk: ' ' } })).issues.some((issue) =>
        issue.path.startsWith('credentials'),
      ),
    ).toBe(true);
    expect(() => huaweiModelArts({ ...base, endpoint: 'http://10.1.2.3:8080' })).toThrow(/allowInsecureHttp/);
    expect(
      huaweiModelArts({ ...base, endpoint: 'http://10.1.2.3:8080', allowInsecureHttp: true }).endpoint.host,
    ).toBe('10.1.2.3:8080');
  });

  it('without credentials, fails the first listing naming the variables, before any request', async () => {
    const agent = mockAgent();
    agents.push(agent);
    for (const env of [
      {},
      { HUAWEICLOUD_SDK_AK: 'HWTESTAKEXAMPLE00001' },
      { HUAWEICLOUD_SDK_SK: 'x', HUAWEICLOUD_SDK_AK: '' },
    ]) {
      const adapter = huaweiModelArts({ region, projectId, env, dispatcher: agent });
      expect(adapter.authentication).toBeNull();
      const sent: unknown[] = [];
      adapter.transport.observe((event) => sent.push(event));
      const error = await failure(collect(createClient({ providers: [adapter], failFast: true }).jobs()));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toContain('HUAWEICLOUD_SDK_AK');
      expect((error as Error).message).toContain('HUAWEICLOUD_SDK_SK');
      expect((error as InvalidInputError).source).toBe('huawei-modelarts:cn-north-4');
      expect(sent).toEqual([]);
    }
  });

  it('reads the environment when the factory runs, from options.env or process.env', () => {
    const previous = { ...process.env };
    try {
      process.env.HUAWEICLOUD_SDK_AK = 'HWPROCESSENVAK000001';
      process.env.HUAWEICLOUD_SDK_SK = 'HwProcessEnvSecret000000000000001';
      process.env.HUAWEICLOUD_SDK_PROJECT_ID = 'project-from-process';
      const adapter = huaweiModelArts({ region });
      delete process.env.HUAWEICLOUD_SDK_AK;
      expect(adapter.authentication).toBe('aksk');
      expect(adapter.projectId).toBe('project-from-process');
      expect(huaweiModelArts({ region, env: {}, projectId }).authentication).toBeNull();
    } finally {
      process.env = previous;
    }
  });

  it('has no job groups and refuses group operations', async () => {
    const adapter = huaweiModelArts({ region, projectId, env: {} });
    await expect(adapter.createJobGroup({})).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(adapter.modifyJobGroup('1', {})).rejects.toBeInstanceOf(UnsupportedOperationError);
    const client = createClient({ providers: [adapter] });
    expect(() => client.jobGroups({ providers: 'huawei-modelarts' })).toThrow(UnsupportedOperationError);
    const typed = client.provider('huawei-modelarts');
    expect(typed.projectId).toBe(projectId);
  });
});
