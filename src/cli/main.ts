import { type ParsedCommandLine, parseCommandLine, UsageError } from './arguments.js';
import { describeError, exitFailure, exitOk } from './failures.js';
import { commandHelp, mainHelp } from './help.js';
import { type CliIo, isClosedOutput } from './output.js';

export type { CliIo } from './output.js';

export async function main(argv: string[], io: CliIo): Promise<number> {
  let command: ParsedCommandLine | null = null;
  try {
    command = parseCommandLine(argv);
    if (command.help || command.command === 'help') {
      const topic = command.command === 'help' ? command.helpFor : command.command;
      io.stdout.write(topic && topic !== 'help' ? (commandHelp[topic] ?? mainHelp) : mainHelp);
      return exitOk;
    }
    switch (command.command) {
      case 'demo': {
        const { runDemo } = await import('./demo.js');
        return await runDemo(command, io);
      }
      case 'simulate': {
        const { runSimulator } = await import('./demo.js');
        return await runSimulator(command, io);
      }
      default: {
        // Loaded only when needed: help and usage mistakes answer without loading the clouds' code.
        const { runListing } = await import('./listing.js');
        return await runListing(command, io);
      }
    }
  } catch (error) {
    // The reader of our output went away (`| head`): not a failure of ours, and nothing to say.
    if (isClosedOutput(error)) return exitOk;
    if (error instanceof UsageError) {
      const topic = error.command ?? command?.command ?? null;
      io.stderr.write(
        `cloudjobs: ${error.message}\n(see \`cloudjobs ${topic && topic !== 'help' ? `${topic} ` : ''}--help\`)\n`,
      );
      return exitFailure;
    }
    io.stderr.write(`cloudjobs: ${describeError(error)}\n`);
    if (command?.debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return exitFailure;
  }
}
