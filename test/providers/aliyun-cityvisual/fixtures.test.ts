import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from './fake-cityvisual.js';

// The API documents sit in the shared folder beside the repository (absent in a bare clone).
const seeds = new URL('../../../../shared/seeds/', import.meta.url);

describe.skipIf(!existsSync(seeds))('the fixtures are the documents’ examples, byte for byte', () => {
  const blocks: [string, string][] = [
    ['request_demo', 'request.txt'],
    ['xml_return_success_demo', 'xml'],
    ['json_return_success_demo', 'json'],
  ];
  for (const action of ['DescribeJobGroups', 'CreateJobGroup', 'ModifyJobGroup'])
    for (const [block, extension] of blocks)
      it(`${action}.${extension} is the ${block} block of the ${action} document`, () => {
        const document = readFileSync(new URL(`aliyun-cityvisual-${action}.md`, seeds), 'utf8');
        const marker = `\`\`\` {#${block}}\n`;
        const start = document.indexOf(marker) + marker.length;
        const end = document.indexOf('\n```', start) + 1;
        expect(start).toBeGreaterThan(marker.length);
        expect(fixture(`${action}.${extension}`)).toBe(document.slice(start, end));
      });
});
