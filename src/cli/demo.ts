import { createClient } from '../client.js';
import { PartialFailureError } from '../errors.js';
import type { Job } from '../model/job.js';
import { jobDisplayColumns, renderSummaryMarkdown, renderTable, SummaryBuilder } from '../report/index.js';
import { renderMarkdownTable } from '../report/markdown.js';
import { type SimulatorOptions, simulatedProviders } from '../testing/simulator/index.js';
import type { ParsedCommandLine } from './arguments.js';
import type { CliIo } from './main.js';
import { useColor, writerFor } from './output.js';
import { simulatedAdapters, startDemoSimulator } from './simulated.js';

/**
 * The README's first command: a local simulator of the three clouds, listed through the real
 * adapters (signed requests over loopback HTTP), a report, and where everything came from.
 */
export async function runDemo(command: ParsedCommandLine, io: CliIo): Promise<number> {
  const write = writerFor(io.stdout);
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
      `cloudjobs demo — everything below comes from a local simulator of three clouds (seed ${sim.seed}),\n` +
        `listening on ${sim.url}. The adapters sign every request exactly as for the real clouds;\n` +
        'no cloud account, key or network access is involved.\n\n',
    );

    const recent: Job[] = [];
    for await (const job of client.jobs({ sort: { by: 'createdAt', order: 'desc' }, limit: 12 }))
      recent.push(job);
    await write('## The 12 most recently created jobs, all clouds\n\n');
    await write('$ cloudjobs list --simulate --sort createdAt:desc --limit 12\n\n');
    await write(
      command.format === 'markdown'
        ? renderMarkdownTable(recent, jobDisplayColumns)
        : renderTable(recent, jobDisplayColumns, {
            width: io.stdout.isTTY ? io.stdout.columns : undefined,
            color: useColor(io.stdout, io.env),
          }),
    );

    await write('\n$ cloudjobs report --simulate\n\n');
    const summary = new SummaryBuilder();
    let failures: PartialFailureError['errors'] = [];
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
      const counters = stats[adapter.providerId as (typeof simulatedProviders)[number]];
      const fetched = pages.get(adapter.name) ?? { pages: 0, items: 0 };
      const pushed = explained.find((entry) => entry.source === adapter.name)?.pushed ?? [];
      return {
        instance: adapter.name,
        endpoint: sim.url,
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
          { header: 'ENDPOINT', value: (row) => row.endpoint },
          { header: 'REQUESTS', value: (row) => row.requests },
          { header: 'PAGES', value: (row) => row.pages },
          { header: 'ITEMS', value: (row) => row.items },
          { header: 'REFUSED', value: (row) => row.rejected },
          { header: 'PUSHED DOWN FOR status=failed, nameContains=etl', value: (row) => row.pushed },
        ],
        { width: io.stdout.isTTY ? io.stdout.columns : undefined },
      ),
    );
    await write(
      '\nEvery request above was verified by the simulator (TC3-HMAC-SHA256 for Tencent, RPC signature v1\n' +
        'for Alibaba, SDK-HMAC-SHA256 for Huawei); REFUSED counts the ones it rejected.\n' +
        'Next: `cloudjobs list --simulate --status failed`, `cloudjobs report --simulate --format html > report.html`,\n' +
        'or `cloudjobs simulate` to point your own code at the simulator.\n',
    );
    return failures.length > 0 ? 2 : 0;
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
  const { startSimulator } = await import('../testing/simulator/index.js');
  const jobs = command.jobsPerCloud ?? 60;
  const { credentials, from } = credentialsFromEnvironment(io.env);
  const sim = await startSimulator({
    seed: command.seed,
    port: command.port,
    credentials,
    counts: {
      'tencent-batch': jobs,
      'huawei-modelarts': jobs,
      'aliyun-cityvisual': { groups: Math.max(1, Math.round(jobs / 4)), jobsPerGroup: 4 },
    },
  });
  const config = {
    providers: simulatedProviders.map((id) => {
      const { credentials: _credentials, ...options } = sim.providerOptions(id);
      return { provider: id, ...options };
    }),
  };
  // Credential values are never printed: say where each cloud's accepted credentials come from.
  const origins = simulatedProviders
    .map(
      (id) =>
        `  ${id}: ${from[id] ? `the ones in ${from[id]}` : 'the fixed test credentials (simulatorCredentials in cloudjobs/testing)'}`,
    )
    .join('\n');
  io.stdout.write(
    `cloudjobs simulator listening on ${sim.url} (seed ${sim.seed}). Ctrl-C stops it.\n\n` +
      `It accepts these credentials:\n${origins}\n\n` +
      `A config file for \`cloudjobs list --config FILE\`:\n${JSON.stringify(config, null, 2)}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.stop();
  return 0;
}
