import { clouds } from './clouds.mjs';
import { heading, knob, median, note, report } from './measure.mjs';

/**
 * Reading a 100-record native page: validation + normalization against JSON.parse of the same
 * bytes, measured side by side (interleaved rounds, median of the rounds), plus the whole reading
 * (JSON.parse included) against JSON.parse alone.
 */
export async function normalizationBenchmark() {
  const records = knob('CLOUDJOBS_BENCH_PAGE_RECORDS', 100);
  const rounds = knob('CLOUDJOBS_BENCH_ROUNDS', 15);
  const iterations = knob('CLOUDJOBS_BENCH_ITERATIONS', 200);
  heading(`normalization: a ${records}-record native page, ${rounds} rounds of ${iterations} reads`);
  for (const cloud of clouds) {
    const response = cloud.nativePage(records);
    const jobs = cloud.read(JSON.parse(response.body), response);
    if (jobs.length !== records) throw new Error(`${cloud.id}: read ${jobs.length} jobs of ${records}`);
    // Every page read in a listing is a fresh JSON.parse, so each iteration parses the body anew
    // and reads the fresh value: the two phases are timed separately on the same data flow, and
    // whatever garbage collection the pair causes falls where it happens.
    const round = () => {
      let parseNanos = 0n;
      let readNanos = 0n;
      let wholeNanos = 0n;
      let parseAloneNanos = 0n;
      for (let index = 0; index < iterations; index++) {
        const started = process.hrtime.bigint();
        const fresh = JSON.parse(response.body);
        const parsed = process.hrtime.bigint();
        if (cloud.read(fresh, response).length !== records) throw new Error('unreachable');
        const read = process.hrtime.bigint();
        JSON.parse(response.body);
        const parsedAlone = process.hrtime.bigint();
        if (cloud.interpret(response).length !== records) throw new Error('unreachable');
        const whole = process.hrtime.bigint();
        parseNanos += parsed - started;
        readNanos += read - parsed;
        parseAloneNanos += parsedAlone - read;
        wholeNanos += whole - parsedAlone;
      }
      return {
        parse: Number(parseNanos) / 1e3 / iterations,
        read: Number(readNanos) / 1e3 / iterations,
        readRatio: Number(readNanos) / Number(parseNanos),
        wholeRatio: Number(wholeNanos) / Number(parseAloneNanos),
      };
    };
    // Warm-up: let the JIT settle before anything is timed.
    for (let warm = 0; warm < 3; warm++) round();
    const measured = Array.from({ length: rounds }, round);
    const parseTimes = measured.map((entry) => entry.parse);
    const readTimes = measured.map((entry) => entry.read);
    const readRatios = measured.map((entry) => entry.readRatio);
    const wholeRatios = measured.map((entry) => entry.wholeRatio);
    note(
      `${cloud.id}: ${response.body.length} bytes; JSON.parse ${median(parseTimes).toFixed(0)} µs, validate+normalize ${median(readTimes).toFixed(0)} µs (medians)`,
    );
    report('normalization', `${cloud.id}: validate+normalize ÷ JSON.parse`, median(readRatios), 1);
    report('normalization', `${cloud.id}: parse+validate+normalize ÷ JSON.parse`, median(wholeRatios), 2);
  }
}
