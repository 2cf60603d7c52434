export const mainHelp = `cloudjobs — list jobs and job groups from several clouds in one model

Usage: cloudjobs <command> [options]

Commands:
  list       list jobs (all configured providers, or --simulate)
  groups     list job groups (providers that have them)
  report     summary: counts by provider × status, failed, longest running, oldest pending
  demo       start the embedded simulator, list from it and print a report (no cloud account needed)
  simulate   run the simulator of the three clouds in the foreground, for your own code to call
  help       this text; \`cloudjobs <command> --help\` for one command

Run \`cloudjobs demo\` to see it work with no configuration.
`;

const selection = `Selection:
  --provider ID|NAME        provider id (tencent-batch, aliyun-cityvisual, huawei-modelarts) or instance name; repeat or comma-separate
  --status S                pending, starting, running, stopping, stopped, succeeded, failed, unknown
  --name TEXT               exact name
  --name-contains TEXT      case-insensitive part of the name
  --id ID                   job id (repeatable)`;

const jobSelection = `  --tag KEY=VALUE|KEY       tag equal to a value, or present (repeatable; all must hold)
  --zone ZONE               availability zone (repeatable)
  --group ID                job group id (repeatable)
  --created-after ISO       created at or after, e.g. 2024-05-01T00:00:00Z (an offset is required)
  --created-before ISO      created before`;

const common = `Where from:
  --config FILE             JSON file naming provider instances (credentials come from the environment only)
  --simulate                use the embedded simulator instead of real clouds
  --seed N                  the simulator's data seed (default 42)
  --jobs N                  jobs per simulated cloud (default 60)
Behaviour:
  --fail-fast               stop at the first provider failure (exit 1) instead of a partial listing (exit 2)
  --no-pushdown             filter everything locally (debugging)
  --debug                   stack traces and per-request log lines on stderr
Exit codes: 0 success, 2 some providers failed (the others are printed), 1 failure.`;

export const commandHelp: Record<string, string> = {
  list: `Usage: cloudjobs list [options]

${selection}
${jobSelection}
Order and size:
  --sort FIELD[:asc|desc]   createdAt, name, status, durationMs, provider, id
  --limit N                 at most N jobs
Output:
  --format F                table (default on a terminal), json, ndjson (streamed), csv, markdown
${common}
`,
  groups: `Usage: cloudjobs groups [options]

${selection}
Order and size:
  --sort FIELD[:asc|desc]   name, status, provider, id
  --limit N                 at most N groups
Output:
  --format F                table, json, ndjson, csv, markdown
${common}
`,
  report: `Usage: cloudjobs report [options]

Counts by provider × status, failed jobs, longest running, oldest pending.

${selection}
${jobSelection}
Output:
  --format F                markdown (default) or html (one self-contained file with an SVG chart)
${common}
`,
  demo: `Usage: cloudjobs demo [--seed N] [--jobs N] [--format F]

Starts the embedded simulator of the three clouds with generated data, lists every job from it
through the real adapters (signed requests over loopback HTTP), prints a report, and says where
everything came from. Needs no cloud account and no configuration.
`,
  simulate: `Usage: cloudjobs simulate [--port N] [--seed N] [--jobs N]

Runs the simulator of the three clouds on 127.0.0.1 until interrupted, and prints the endpoint,
the credentials it accepts and a config file for \`cloudjobs list --config\`.
`,
  help: mainHelp,
};
