import { describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { InvalidInputError } from '../../../src/errors.js';
import {
  aliyunCityVisual,
  CityVisualAdapter,
  defaultPageSize,
  defaultRateLimit,
  environmentVariables,
} from '../../../src/providers/aliyun-cityvisual/index.js';
import { redact } from '../../../src/redact.js';
import {
  collect,
  credentials,
  failure,
  fakeCityVisual,
  firstPage,
  instanceId,
  makeGroup,
  region,
  securityToken,
  signal,
  signatureProblem,
  testAdapter,
} from './fake-cityvisual.js';

function optionsError(options: unknown): InvalidInputError {
  try {
    aliyunCityVisual(options as never);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error('expected an InvalidInputError');
}

describe('factory options', () => {
  it('makes an adapter with the documented defaults', () => {
    const adapter = aliyunCityVisual({ region, instanceId, credentials });
    expect(adapter).toBeInstanceOf(CityVisualAdapter);
    expect(adapter.providerId).toBe('aliyun-cityvisual');
    expect(adapter.name).toBe('aliyun-cityvisual:cn-shanghai');
    expect(adapter.region).toBe(region);
    expect(adapter.instanceId).toBe(instanceId);
    expect(adapter.format).toBe('json');
    expect(adapter.endpoint.href).toBe('https://cityvisual.cn-shanghai.aliyuncs.com/');
    expect(adapter.jobLister.pageSize).toBe(100);
    expect(adapter.jobLister.paging).toBe('numbered');
    expect(adapter.jobGroupLister.pageSize).toBe(defaultPageSize);
    expect(adapter.transport.limiter.rate).toBe(defaultRateLimit);
    expect(defaultRateLimit).toBe(5);
    expect(adapter.capabilities).toEqual({
      pushdown: { jobs: ['groupId'], jobGroups: ['ids'] },
      operations: ['createJobGroup', 'modifyJobGroup'],
    });
  });

  it('instanceId is required, with a clear message, at factory time', () => {
    const error = optionsError({ region, credentials });
    expect(error.issues).toEqual([
      {
        path: 'instanceId',
        message:
          'instanceId is required: the CityVisual instance whose job groups to list, e.g. cityvisual-Instance',
      },
    ]);
    expect(error.message).toContain('instanceId is required');
    expect(optionsError({ region, instanceId: '  ' }).issues[0]).toMatchObject({ path: 'instanceId' });
    expect(optionsError({ region, instanceId: 42 }).issues[0]).toMatchObject({
      path: 'instanceId',
      message: 'expected a string',
    });
  });

  it('lists every problem at once', () => {
    const error = optionsError({
      region: 'Shanghai!',
      format: 'yaml',
      pageSize: 101,
      credentials: { accessKeyId: '' },
      colour: 'blue',
    });
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(
      [
        '',
        'credentials.accessKeyId',
        'credentials.accessKeySecret',
        'format',
        'instanceId',
        'pageSize',
        'region',
      ].sort(),
    );
  });

  it.each([0, 101, 1.5])('pageSize %s is refused (1–100)', (pageSize) => {
    expect(optionsError({ region, instanceId, pageSize }).issues[0]?.path).toBe('pageSize');
  });

  it('plain http only for loopback unless allowed', () => {
    expect(aliyunCityVisual({ region, instanceId, endpoint: 'http://127.0.0.1:9000' }).endpoint.host).toBe(
      '127.0.0.1:9000',
    );
    expect(() => aliyunCityVisual({ region, instanceId, endpoint: 'http://proxy.internal:8080' })).toThrow(
      InvalidInputError,
    );
    expect(
      aliyunCityVisual({
        region,
        instanceId,
        endpoint: 'http://proxy.internal:8080',
        allowInsecureHttp: true,
      }).endpoint.host,
    ).toBe('proxy.internal:8080');
  });

  it('name, pageSize, concurrency and rateLimit are taken', () => {
    const adapter = aliyunCityVisual({
      region,
      instanceId,
      name: 'cv-prod',
      pageSize: 25,
      concurrency: 4,
      rateLimit: 2,
    });
    expect(adapter.name).toBe('cv-prod');
    expect(adapter.jobLister.pageSize).toBe(25);
    expect(adapter.jobGroupLister.concurrency).toBe(4);
    expect(adapter.transport.limiter.rate).toBe(2);
  });
});

describe('credentials', () => {
  it('come from the environment given (read when the adapter is made), with the STS token', async () => {
    const env: Record<string, string | undefined> = {
      [environmentVariables.accessKeyId]: credentials.accessKeyId,
      [environmentVariables.accessKeySecret]: credentials.accessKeySecret,
      [environmentVariables.securityToken]: securityToken,
    };
    const fake = fakeCityVisual({ groups: [makeGroup()] });
    const adapter = testAdapter(fake, { credentials: undefined, env });
    // Changing the environment afterwards changes nothing.
    env[environmentVariables.accessKeyId] = 'LTAICHANGEDLATER0000';
    await adapter.describeJobGroups({}, firstPage, { signal });
    expect(fake.requests[0]?.parameters).toMatchObject({
      AccessKeyId: credentials.accessKeyId,
      SecurityToken: securityToken,
    });
    expect(signatureProblem(fake.requests[0]!)).toBeNull();
  });

  it('missing: the first request rejects naming the variables, and nothing is sent', async () => {
    const fake = fakeCityVisual({ groups: [makeGroup()] });
    const adapter = testAdapter(fake, { credentials: undefined, env: {} });
    const error = await failure(collect(createClient({ providers: [adapter], failFast: true }).jobs()));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(
      'no credentials: ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set',
    );
    expect(error).toMatchObject({ provider: 'aliyun-cityvisual', source: 'aliyun-cityvisual:cn-shanghai' });
    expect(fake.requests).toHaveLength(0);
    const half = testAdapter(fake, {
      credentials: undefined,
      env: {
        [environmentVariables.accessKeyId]: credentials.accessKeyId,
        [environmentVariables.accessKeySecret]: ' ',
      },
    });
    const halfError = await failure(half.describeJobGroups({}, firstPage, { signal }));
    expect((halfError as Error).message).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set');
    expect(fake.requests).toHaveLength(0);
  });

  it('every credential held is registered for redaction', () => {
    const held = {
      accessKeyId: 'LTAIREGISTEREDID00042',
      accessKeySecret: 'RegisteredSecretValue0042',
      securityToken: 'RegisteredTokenValue0042',
    };
    aliyunCityVisual({ region, instanceId, credentials: held });
    expect(redact(`a ${held.accessKeyId} b ${held.accessKeySecret} c ${held.securityToken}`)).toBe(
      'a *** b *** c ***',
    );
  });
});
