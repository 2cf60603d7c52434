#!/usr/bin/env node
import { main } from './main.js';

// The bin entry: nothing but wiring the process to main(), which tests call directly.
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`cloudjobs: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
