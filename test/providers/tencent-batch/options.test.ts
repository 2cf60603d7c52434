import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { InvalidInputError, PartialFailureError, UnsupportedOperationError } from '../../../src/errors.js';
import {
  defaultRateLimit,
  type TencentBatchAdapter,
  tencentBatch,
} from '../../../src/providers/tencent-batch/index.js';
import { redact } from '../../../src/redact.js';
import {
  collect,
  credentials,
  failure,
  fakeTencent,
  makeView,
  region,
  signatureProblem,
  testAdapter,
  token,
} from './fake-tencent.js';

const signal = new AbortController().signal;
const firstPage = { index: 0, size: 100, offset: 0, token: null };

describe('tencentBatch options', () => {
  it('makes an adapter named tencent-batch:<region>, without job groups, at 2 requests a second', () => {
    const adapter = tencentBatch({ region, credentials });
    expect(adapter.providerId).toBe('tencent-batch');
    expectTypeOf(adapter.providerId).toEqualTypeOf<'tencent-batch'>();
    expect(adapter.name).toBe('tencent-batch:ap-guangzhou');
    expect(adapter.region).toBe(region);
    expect(adapter.jobGroupLister).toBeNull();
    expect(adapter.jobLister.pageSize).toBe(100);
    expect(adapter.endpoint.href).toBe('https://batch.tencentcloudapi.com/');
    expect(defaultRateLimit).toBe(2);
    expect(adapter.transport.limiter).toMatchObject({ rate: 2 });
    expect(adapter.capabilities.pushdown.jobs).toEqual(['ids', 'name', 'status', 'zone', 'tags', 'groupId']);
    expect(tencentBatch({ region, credentials, name: 'gz', rateLimit: 10 }).name).toBe('gz');
  });

  it('refuses the write operations of other clouds with UnsupportedOperationError', async () => {
    const adapter = tencentBatch({ region, credentials });
    await expect(adapter.createJobGroup({})).rejects.toBeInstanceOf(UnsupportedOperationError);
    await expect(adapter.modifyJobGroup('1', {})).rejects.toBeInstanceOf(UnsupportedOperationError);
  });

  it('lists every problem in one InvalidInputError', () => {
    let error: unknown;
    try {
      tencentBatch({
        region: 'Guangzhou City',
        credentials: { secretId: '', secretKey: 'k' } as never,
        pageSize: 101,
        language: 'fr-FR' as never,
        regionalEndpoint: 'yes' as never,
        unknownOption: true,
      } as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const paths = (error as InvalidInputError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'region',
        'credentials.secretId',
        'pageSize',
        'language',
        'regionalEndpoint',
        '',
      ]),
    );
    expect(() => tencentBatch({} as never)).toThrow(/region is required/);
  });

  it('accepts http only for loopback endpoints unless allowInsecureHttp', () => {
    expect(() => tencentBatch({ region, credentials, endpoint: 'http://batch.example.com' })).toThrow(
      InvalidInputError,
    );
    expect(
      tencentBatch({ region, credentials, endpoint: 'http://batch.example.com', allowInsecureHttp: true })
        .endpoint.host,
    ).toBe('batch.example.com');
  });

  it('takes a regional endpoint when asked', () => {
    expect(tencentBatch({ region: 'ap-shanghai', credentials, regionalEndpoint: true }).endpoint.href).toBe(
      'https://batch.ap-shanghai.tencentcloudapi.com/',
    );
  });
});

describe('credentials', () => {
  it('come from TENCENTCLOUD_SECRET_ID / _SECRET_KEY / _SESSION_TOKEN when not given', async () => {
    const fake = fakeTencent({ views: [makeView()] });
    const adapter = testAdapter(fake, {
      credentials: undefined,
      env: {
        TENCENTCLOUD_SECRET_ID: credentials.secretId,
        TENCENTCLOUD_SECRET_KEY: credentials.secretKey,
        TENCENTCLOUD_SESSION_TOKEN: token,
      },
    });
    await adapter.describeJobs({}, firstPage, { signal });
    const [request] = fake.requests;
    expect(request?.headers.authorization).toContain(`Credential=${credentials.secretId}/`);
    expect(request?.headers['x-tc-token']).toBe(token);
    expect(signatureProblem(request!)).toBeNull();
  });

  it('in options win over the environment (whose token is then not sent)', async () => {
    const fake = fakeTencent({ views: [] });
    const adapter = testAdapter(fake, {
      env: {
        TENCENTCLOUD_SECRET_ID: 'AKIDFROMENVIRONMENT0000',
        TENCENTCLOUD_SECRET_KEY: 'env-secret-key-000000',
        TENCENTCLOUD_SESSION_TOKEN: 'env-token-0000000000',
      },
    });
    await adapter.describeJobs({}, firstPage, { signal });
    expect(fake.requests[0]?.headers.authorization).toContain(`Credential=${credentials.secretId}/`);
    expect(fake.requests[0]?.headers).not.toHaveProperty('x-tc-token');
  });

  it('are read from the environment when the adapter is made, not later', async () => {
    const env: Record<string, string | undefined> = {
      TENCENTCLOUD_SECRET_ID: credentials.secretId,
      TENCENTCLOUD_SECRET_KEY: credentials.secretKey,
    };
    const fake = fakeTencent({ views: [] });
    const adapter = testAdapter(fake, { credentials: undefined, env });
    delete env.TENCENTCLOUD_SECRET_KEY;
    await adapter.describeJobs({}, firstPage, { signal });
    expect(signatureProblem(fake.requests[0]!)).toBeNull();
  });

  it('missing: the first fetch rejects with an InvalidInputError naming the variables, before any request', async () => {
    const fake = fakeTencent({ views: [makeView()] });
    const adapter = testAdapter(fake, { credentials: undefined, env: {} });
    const error = (await failure(adapter.describeJobs({}, firstPage, { signal }))) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.provider).toBe('tencent-batch');
    expect(error.source).toBe('tencent-batch:ap-guangzhou');
    expect(error.issues[0]?.path).toBe('credentials');
    expect(error.message).toContain('TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set');
    expect(error.message).toContain('TENCENTCLOUD_SESSION_TOKEN');
    expect(fake.requests).toHaveLength(0);
  });

  it('half missing: names just the variable that is not set (a blank one counts as not set)', async () => {
    const fake = fakeTencent({ views: [] });
    const adapter = testAdapter(fake, {
      credentials: undefined,
      env: { TENCENTCLOUD_SECRET_ID: credentials.secretId, TENCENTCLOUD_SECRET_KEY: '  ' },
    });
    const error = (await failure(adapter.describeJobs({}, firstPage, { signal }))) as InvalidInputError;
    expect(error.message).toContain('TENCENTCLOUD_SECRET_KEY is not set');
    expect(error.message).not.toContain('TENCENTCLOUD_SECRET_ID is');
    expect(fake.requests).toHaveLength(0);
  });

  it('missing, through a client: a PartialFailureError carrying that error, and no request', async () => {
    const fake = fakeTencent({ views: [makeView()] });
    const client = createClient({ providers: [testAdapter(fake, { credentials: undefined, env: {} })] });
    const error = (await failure(collect(client.jobs()))) as PartialFailureError;
    expect(error).toBeInstanceOf(PartialFailureError);
    expect(error.errors[0]?.error).toBeInstanceOf(InvalidInputError);
    expect(fake.requests).toHaveLength(0);
  });

  it('are registered as secrets: no text that leaves the library carries them', () => {
    const secrets = {
      secretId: 'AKIDREGISTEREDSECRETID0001',
      secretKey: 'RegisteredSecretKeyValue0001',
      token: 'RegisteredSessionToken0001',
    };
    tencentBatch({ region, credentials: secrets });
    const line = `id ${secrets.secretId} key ${secrets.secretKey} token ${secrets.token}`;
    expect(redact(line)).toBe('id *** key *** token ***');
  });
});

it('the adapter type is exported with a literal provider id', () => {
  expectTypeOf<TencentBatchAdapter['providerId']>().toEqualTypeOf<'tencent-batch'>();
  const client = createClient({ providers: [tencentBatch({ region, credentials })] });
  expectTypeOf(client.provider('tencent-batch')).toEqualTypeOf<TencentBatchAdapter>();
});
