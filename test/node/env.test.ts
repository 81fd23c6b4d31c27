/**
 * The skip variables mean the same in the tests (test/support/env.ts) and the
 * shell scripts (scripts/lib/skip.sh): one table, both readers.
 */
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {expectEqual, expectThrows} from '../support/assertions.js';
import {skipRequested} from '../support/env.js';

const SKIP_SH = join(__dirname, '..', '..', 'scripts', 'lib', 'skip.sh');
const VARIABLE = 'TFJS_SELU_SKIP_BROWSER';

type Outcome = 'skip' | 'run' | 'error';

/** value (undefined: unset), CI, and what both readers must do. */
const TABLE: Array<[string | undefined, boolean, Outcome]> = [
  [undefined, false, 'run'], ['', false, 'run'], ['0', false, 'run'], ['false', false, 'run'],
  ['1', false, 'skip'], ['true', false, 'skip'],
  ['yes', false, 'error'], ['TRUE', false, 'error'], [' 1', false, 'error'],
  [undefined, true, 'run'], ['0', true, 'run'], ['1', true, 'error'], ['true', true, 'error'], ['yes', true, 'error'],
];

function environment(value: string | undefined, ci: boolean): Record<string, string> {
  return {PATH: process.env.PATH ?? '', ...(value === undefined ? {} : {[VARIABLE]: value}), ...(ci ? {CI: 'true'} : {})};
}

function typescriptOutcome(env: Record<string, string>): Outcome {
  try {
    return skipRequested(VARIABLE, env) ? 'skip' : 'run';
  } catch {
    return 'error';
  }
}

function bashOutcome(env: Record<string, string>): Outcome {
  const script = `set -Eeuo pipefail; source '${SKIP_SH}'; if skip_requested ${VARIABLE}; then echo skip; else echo run; fi`;
  const result = spawnSync('bash', ['-c', script], {env, encoding: 'utf8'});
  if (result.status !== 0) return 'error';
  return result.stdout.trim() as Outcome;
}

describe('the skip variables (TFJS_SELU_SKIP_TFJS_NODE, TFJS_SELU_SKIP_BROWSER, TFJS_SELU_SKIP_RUNTIMES)', () => {
  for (const [value, ci, outcome] of TABLE) {
    it(`${value === undefined ? 'unset' : JSON.stringify(value)}${ci ? ' under CI' : ''}: ${outcome}, in TypeScript and in bash`, () => {
      const env = environment(value, ci);
      expectEqual(typescriptOutcome(env), outcome, 'test/support/env.ts');
      expectEqual(bashOutcome(env), outcome, 'scripts/lib/skip.sh');
    });
  }

  it('names the variable and the reason when it refuses', () => {
    expectThrows(() => skipRequested(VARIABLE, environment('1', true)), VARIABLE, 'CI');
    expectThrows(() => skipRequested(VARIABLE, environment('yes', false)), VARIABLE, '"yes"', '1 or true');
  });
});
