import { readdirSync, readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  errorReply,
  fakeCityVisual,
  firstPage,
  fixture,
  makeGroup,
  signal,
  testAdapter,
} from './fake-cityvisual.js';

/**
 * fast-xml-parser is loaded on the first XML answer, not when the library is imported. Each test
 * starts from fresh modules so that it sees the parser unloaded.
 */
type AdapterModule = typeof import('../../../src/providers/aliyun-cityvisual/index.js');
type XmlModule = typeof import('../../../src/providers/aliyun-cityvisual/xml.js');

let adapterModule: AdapterModule;
let xmlModule: XmlModule;

beforeEach(async () => {
  vi.resetModules();
  adapterModule = await import('../../../src/providers/aliyun-cityvisual/index.js');
  xmlModule = await import('../../../src/providers/aliyun-cityvisual/xml.js');
});

function freshAdapter(fake: ReturnType<typeof fakeCityVisual>, options: Record<string, unknown> = {}) {
  // The fixture helper builds the options; the factory is this test's fresh one.
  const template = testAdapter(fake);
  return adapterModule.aliyunCityVisual({
    region: template.region,
    instanceId: template.instanceId,
    credentials: {
      accessKeyId: 'LTAITESTCITYVISUALKEY0001',
      accessKeySecret: 'TestCityVisualSecretExample00001',
    },
    dispatcher: fake.agent,
    rateLimit: 10_000,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    env: {},
    ...options,
  });
}

describe('fast-xml-parser is loaded lazily', () => {
  it('no module of the adapter imports it statically (type imports aside)', () => {
    const folder = new URL('../../../src/providers/aliyun-cityvisual/', import.meta.url);
    for (const file of readdirSync(folder)) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      for (const line of source.split('\n'))
        if (/from 'fast-xml-parser'/.test(line)) expect(line, file).toMatch(/^import type /);
    }
  });

  it('importing the adapter and listing JSON leave it unloaded', async () => {
    expect(xmlModule.loadedXmlParser()).toBeNull();
    const fake = fakeCityVisual({ groups: [makeGroup()] });
    const page = await freshAdapter(fake).describeJobGroups({}, firstPage, { signal });
    expect(page.count).toBe(1);
    expect(xmlModule.loadedXmlParser()).toBeNull();
  });

  it('in XML mode it is loaded before the first request', async () => {
    const fake = fakeCityVisual({ groups: [makeGroup()] });
    const page = await freshAdapter(fake, { format: 'xml' }).describeJobGroups({}, firstPage, { signal });
    expect(page.count).toBe(1);
    expect(xmlModule.loadedXmlParser()).not.toBeNull();
  });

  it('in JSON mode, the first XML answer loads it and is read as XML', async () => {
    const body = fixture('DescribeJobGroups.xml');
    const fake = fakeCityVisual({ respond: () => ({ status: 200, body }) });
    const page = await freshAdapter(fake).describeJobGroups({}, firstPage, { signal });
    expect(page.groups[0]?.id).toBe('xxxx');
    expect(xmlModule.loadedXmlParser()).not.toBeNull();
    expect(fake.requests).toHaveLength(1);
  });

  it('a first XML answer that is an error worth retrying is retried once the parser is there', async () => {
    const groups = [makeGroup()];
    const fake = fakeCityVisual({
      groups,
      respond: (_request, index) =>
        index === 0 ? errorReply('Throttling.User', 400, 'slow down', 'XML') : undefined,
    });
    const page = await freshAdapter(fake).describeJobGroups({}, firstPage, { signal });
    expect(page.count).toBe(1);
    expect(fake.requests).toHaveLength(2);
  });

  it('a first XML answer that is an error not worth retrying is that error', async () => {
    const fake = fakeCityVisual({
      respond: () => ({ status: 404, body: fixture('error-InvalidAccessKeyId.NotFound.xml') }),
    });
    const error = await freshAdapter(fake)
      .describeJobGroups({}, firstPage, { signal })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'ProviderApiError',
      kind: 'auth',
      code: 'InvalidAccessKeyId.NotFound',
    });
    expect(fake.requests).toHaveLength(1);
  });

  it('a write is not sent again after a first XML server error', async () => {
    const fake = fakeCityVisual({ respond: () => errorReply('InternalError', 500, 'boom', 'XML') });
    const error = await freshAdapter(fake)
      .createJobGroup({
        name: 'ab',
        algorithmLibraryId: '3',
        resourceProfileId: '6',
        plannedJobCount: 1,
        streamsPerJob: 1,
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ProviderApiError', kind: 'server', code: 'InternalError' });
    expect(fake.requests).toHaveLength(1);
  });
});
