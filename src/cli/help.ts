export const mainHelp = `cloudjobs — list jobs and job groups from several clouds in one model

Usage: cloudjobs <command> [options]

Commands:
  list       list jobs (the instances in --config FILE, or --simulate)
  groups     list job groups (instances whose cloud has them)
  report     summary: counts by provider × status, failed, longest running, oldest pending
  demo       start the embedded simulator, list from it and print a report (no cloud account needed)
  simulate   run the simulator in the foreground, for your own code to call
  help       this text; \`cloudjobs help <command>\` or \`cloudjobs <command> --help\` for one command

Run \`cloudjobs demo\` to see it work with no configuration.
Exit codes: 0 success, 2 some providers failed (the others are printed), 1 failure.
`;

const selection = `Selection (all given criteria must hold; a repeated or comma-separated flag matches any value):
  --provider ID|NAME        provider id (tencent-batch, aliyun-cityvisual, huawei-modelarts) or instance name
  --status S                pending, starting, running, stopping, stopped, succeeded, failed, unknown
  --name TEXT               exact name
  --name-contains TEXT      part of the name, any letter case
  --id ID                   id`;

const jobSelection = `  --tag KEY=VALUE|KEY       tag equal to a value, or present (repeatable; all must hold)
  --zone ZONE               availability zone
  --group ID                job group id
  --created-after ISO       created at or after, e.g. 2024-05-01T00:00:00Z (an offset is required)
  --created-before ISO      created before (exclusive)`;

const common = `Where from:
  --config FILE             JSON file naming provider instances (default: $CLOUDJOBS_CONFIG);
                            credentials come from the environment only (an
                            entry's "environment" maps its cloud's variables to others)
  --simulate                use the embedded simulator instead of real clouds
  --seed N                  with --simulate: the generated data's seed (default 42)
  --jobs N                  with --simulate: jobs per simulated cloud (default 60)
Behaviour:
  --fail-fast               stop at the first provider failure (exit 1) instead of a partial listing (exit 2)
  --no-pushdown             filter everything locally (debugging)
  --debug                   per-request log lines and stack traces on stderr
  -h, --help                this text
Exit codes: 0 success, 2 some providers failed (the others are printed), 1 failure.`;

export const commandHelp: Record<string, string> = {
  list: `Usage: cloudjobs list [options]

Lists jobs from every configured instance, one model for every cloud.

${selection}
${jobSelection}
Order and size:
  --sort FIELD[:asc|desc]   createdAt, name, status, durationMs, provider, id (default: each cloud's order)
  --limit N                 at most N jobs
  --interleave              without --sort: read every instance at once and print jobs as they
                            arrive (each instance in its own order; faster with several clouds)
Output (stdout; failures and progress go to stderr):
  --format F                table (default), json (one array), ndjson (one job per line, streamed),
                            csv (RFC 4180), markdown
${common}

Examples:
  cloudjobs list --simulate --status failed --sort createdAt:desc --limit 20
  cloudjobs list --config clouds.json --tag env=prod --format csv > jobs.csv
`,
  groups: `Usage: cloudjobs groups [options]

Lists job groups (Alibaba Cloud CityVisual) with their compute jobs.

${selection}
Order and size:
  --sort FIELD[:asc|desc]   name, status, provider, id
  --limit N                 at most N groups
  --interleave              without --sort: read every instance at once, groups as they arrive
Output:
  --format F                table (default), json, ndjson, csv, markdown
${common}
`,
  report: `Usage: cloudjobs report [options]

Counts by provider × status, failed jobs, longest running, oldest pending.

${selection}
${jobSelection}
Output:
  --format F                markdown (default) or html (one self-contained file with an SVG chart)
${common}

Example:
  cloudjobs report --simulate --format html > report.html
`,
  demo: `Usage: cloudjobs demo [--seed N] [--jobs N] [--format table|markdown] [--debug]

Starts the embedded simulator with generated data, lists its jobs through the real adapters
(signed requests over loopback HTTP), prints a report, and says where everything came from.
Needs no cloud account and no configuration.

  --seed N                  the generated data's seed (default 42)
  --jobs N                  jobs per simulated cloud (default 60)
  --format F                table (default) or markdown for the listing
`,
  simulate: `Usage: cloudjobs simulate [--port N] [--seed N] [--jobs N]

Runs the simulator on 127.0.0.1 until interrupted, and prints the endpoint, where the
credentials it accepts come from, and a config file for \`cloudjobs list --config\`.

  --port N                  the port to listen on (default: any free port)
  --seed N                  the generated data's seed (default 42)
  --jobs N                  jobs per simulated cloud (default 60)
`,
};
