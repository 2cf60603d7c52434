import { createClient } from '../client.js';
import { PartialFailureError, type ProviderError } from '../errors.js';
import type { Job } from '../model/job.js';
import {
  jobDisplayColumns,
  renderMarkdownTable,
  renderSummaryMarkdown,
  renderTable,
  SummaryBuilder,
} from '../report/index.js';
import {
  type SimulatedProviderId,
  type SimulatorOptions,
  simulatedProviders,
} from '../testing/simulator/index.js';
import type { ParsedCommandLine } from './arguments.js';
import { describeFailure, exitOk, exitPartial } from './failures.js';
import { type CliIo, terminalWidth, useColor, writerFor } from './output.js';
import { simulatedAdapters, simulatedCoverage, startDemoSimulator } from './simulated.js';

const cloudNames: Record<string, string> = {
  'tencent-batch': 'Tencent Cloud Batch',
  'aliyun-cityvisual': 'Alibaba Cloud CityVisual',
  'huawei-modelarts': 'Huawei Cloud ModelArts',
};

const signatureNames: Record<string, string> = {
  'tencent-batch': 'TC3-HMAC-SHA256 for Tencent',
  'aliyun-cityvisual': 'RPC signature v1 for Alibaba',
  'huawei-modelarts': 'SDK-HMAC-SHA256 for Huawei',
};

function cloudList(ids: readonly string[]): string {
  return ids.map((id) => `${cloudNames[id] ?? id} (${id})`).join(', ');
}

/**
 * The README's first command: a local simulator of the clouds, listed through the real adapters
 * (signed requests over loopback HTTP), a report, and where everything came from.
 */
export async function runDemo(command: ParsedCommandLine, io: CliIo): Promise<number> {
  const write = writerFor(io.stdout);
  const { listed, missing } = simulatedCoverage();
  const sim = await startDemoSimulator(command.seed, command.jobsPerCloud);
  try {
    const adapters = simulatedAdapters(sim);
    const pages = new Map<string, { pages: number; items: number }>();
    const client = createClient({
      providers: adapters,
      onPage: (event) => {
        const entry = pages.get(event.source) ?? { pages: 0, items: 0 };
        entry.pages++;
        entry.items += event.items;
        pages.set(event.source, entry);
      },
    });
    await write(
      `cloudjobs demo — everything below comes from a local simulator (seed ${sim.seed}) listening on\n` +
        `${sim.url}, listed through the adapters for:\n${listed.map((id) => `  ${cloudList([id])}\n`).join('')}` +
        'The adapters sign every request exactly as for the real clouds; no cloud account, key or\n' +
        'network access is involved.\n' +
        (missing.length > 0
          ? `Not listed: ${cloudList(missing)} — the simulator speaks ${missing.length === 1 ? 'it' : 'them'}, but this build has no adapter for ${missing.length === 1 ? 'it' : 'them'} yet.\n`
          : '') +
        '\n',
    );

    // Running jobs by name: every cloud has some, and one sort order spans them all.
    const running: Job[] = [];
    for await (const job of client.jobs({ status: 'running', sort: { by: 'name' }, limit: 12 }))
      running.push(job);
    await write(`## ${running.length} running jobs by name, every cloud in one listing\n\n`);
    await write('$ cloudjobs list --simulate --status running --sort name --limit 12\n\n');
    await write(
      command.format === 'markdown'
        ? renderMarkdownTable(running, jobDisplayColumns)
        : renderTable(running, jobDisplayColumns, {
            width: terminalWidth(io.stdout),
            color: useColor(io.stdout, io.env),
          }),
    );

    await write('\n$ cloudjobs report --simulate\n\n');
    const summary = new SummaryBuilder();
    let failures: ProviderError[] = [];
    try {
      for await (const job of client.jobs()) summary.add(job);
    } catch (error) {
      if (!(error instanceof PartialFailureError)) throw error;
      failures = error.errors;
    }
    await write(renderSummaryMarkdown(summary.finish(failures)));

    await write('\n## Where this came from\n\n');
    const stats = sim.stats();
    const explained = client.explain({ status: 'failed', nameContains: 'etl' });
    const rows = adapters.map((adapter) => {
      const counters = stats[adapter.providerId as SimulatedProviderId];
      const fetched = pages.get(adapter.name) ?? { pages: 0, items: 0 };
      const pushed = explained.find((entry) => entry.source === adapter.name)?.pushed ?? [];
      return {
        instance: adapter.name,
        requests: String(counters?.requests ?? 0),
        pages: String(fetched.pages),
        items: String(fetched.items),
        rejected: String(counters?.rejected ?? 0),
        pushed: pushed.length > 0 ? pushed.join(', ') : '(all local)',
      };
    });
    await write(
      renderTable(
        rows,
        [
          { header: 'INSTANCE', value: (row) => row.instance },
          { header: 'REQUESTS', value: (row) => row.requests },
          { header: 'PAGES', value: (row) => row.pages },
          { header: 'ITEMS', value: (row) => row.items },
          { header: 'REFUSED', value: (row) => row.rejected },
          { header: 'PUSHED DOWN (status=failed, nameContains=etl)', value: (row) => row.pushed },
        ],
        { width: terminalWidth(io.stdout) },
      ),
    );
    await write(
      `\nEvery request went to ${sim.url}, and the simulator verified its signature as the cloud\n` +
        `would (${listed.map((id) => signatureNames[id]).join(', ')}); REFUSED counts the ones it\n` +
        'rejected. PUSHED DOWN is what each adapter sends as native filters for that query; every\n' +
        'criterion is also applied locally.\n' +
        'Next: `cloudjobs list --simulate --status failed`, `cloudjobs report --simulate --format html > report.html`,\n' +
        'or `cloudjobs simulate` to point your own code at the simulator.\n',
    );
    for (const failure of failures) io.stderr.write(`cloudjobs: ${describeFailure(failure)}\n`);
    return failures.length > 0 ? exitPartial : exitOk;
  } finally {
    await sim.stop();
  }
}

/**
 * The credentials the simulator should accept: the ones in the environment, so that code run with
 * the same environment reaches it unchanged; else the simulator's fixed test credentials.
 */
function credentialsFromEnvironment(env: Record<string, string | undefined>) {
  const credentials: NonNullable<SimulatorOptions['credentials']> = {};
  const from: Record<string, string> = {};
  if (env.TENCENTCLOUD_SECRET_ID && env.TENCENTCLOUD_SECRET_KEY) {
    credentials['tencent-batch'] = {
      secretId: env.TENCENTCLOUD_SECRET_ID,
      secretKey: env.TENCENTCLOUD_SECRET_KEY,
      ...(env.TENCENTCLOUD_SESSION_TOKEN ? { token: env.TENCENTCLOUD_SESSION_TOKEN } : {}),
    };
    from['tencent-batch'] = 'TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY';
  }
  if (env.ALIBABA_CLOUD_ACCESS_KEY_ID && env.ALIBABA_CLOUD_ACCESS_KEY_SECRET) {
    credentials['aliyun-cityvisual'] = {
      accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
      accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      ...(env.ALIBABA_CLOUD_SECURITY_TOKEN ? { securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN } : {}),
    };
    from['aliyun-cityvisual'] = 'ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET';
  }
  if (env.HUAWEICLOUD_SDK_AK && env.HUAWEICLOUD_SDK_SK) {
    credentials['huawei-modelarts'] = { ak: env.HUAWEICLOUD_SDK_AK, sk: env.HUAWEICLOUD_SDK_SK };
    from['huawei-modelarts'] = 'HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK';
  }
  return { credentials, from };
}

/** `cloudjobs simulate`: the simulator in the foreground until interrupted. */
export async function runSimulator(command: ParsedCommandLine, io: CliIo): Promise<number> {
  const { credentials, from } = credentialsFromEnvironment(io.env);
  const { listed, missing } = simulatedCoverage();
  const sim = await startDemoSimulator(command.seed, command.jobsPerCloud, {
    port: command.port,
    credentials,
  });
  // Only clouds this build has an adapter for: the config must work with `cloudjobs list --config`.
  const config = {
    providers: listed.map((id) => {
      const { credentials: _credentials, ...options } = sim.providerOptions(id);
      return { provider: id, ...options };
    }),
  };
  // Credential values are never printed: say where each cloud's accepted credentials come from.
  const variables: Record<string, string> = {
    'tencent-batch': 'TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY',
    'aliyun-cityvisual': 'ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    'huawei-modelarts': 'HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK',
  };
  const origins = simulatedProviders
    .map(
      (id) =>
        `  ${id}: ${from[id] ? `the ones in ${from[id]}` : 'the fixed test credentials (simulatorCredentials in cloudjobs/testing)'}`,
    )
    .join('\n');
  // `list --config` reads credentials from the environment only: clouds answered with the fixed
  // test credentials need variables set (to any values) here and there.
  const unset = listed.filter((id) => !from[id]);
  const advice =
    unset.length > 0
      ? `To list every cloud from another shell, set ${unset.map((id) => variables[id]).join(', ')}\n` +
        'to any values in both shells and start the simulator again.\n\n'
      : '';
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await writerFor(io.stdout)(
    `cloudjobs simulator listening on ${sim.url} (seed ${sim.seed}). Ctrl-C stops it.\n\n` +
      `It accepts these credentials:\n${origins}\n\n` +
      advice +
      `A config file for \`cloudjobs list --config FILE\` (run it with the same credentials in the environment):\n` +
      `${JSON.stringify(config, null, 2)}\n` +
      (missing.length > 0
        ? `(${missing.join(', ')} is simulated too, but this build has no adapter for it yet.)\n`
        : ''),
  );
  await stopped;
  await sim.stop();
  return exitOk;
}
