#!/usr/bin/env node
import { main } from './main.js';
import { isClosedOutput } from './output.js';

// A reader that goes away (`cloudjobs list | head`) makes stdout emit EPIPE; without a listener
// that would be an uncaught exception with a stack trace. The writer sees the stream destroyed
// and ends the listing instead.
let outputFailed = false;
process.stdout.on('error', (error) => {
  if (isClosedOutput(error)) return;
  outputFailed = true;
  process.stderr.write(`cloudjobs: cannot write the output: ${error.message}\n`);
});

// The bin entry: nothing but wiring the process to main(), which tests call directly.
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = outputFailed ? 1 : code;
  },
  (error: unknown) => {
    process.stderr.write(`cloudjobs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
