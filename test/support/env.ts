/**
 * The opt-outs for machines without a prerequisite, read here and nowhere
 * else in TypeScript (scripts/lib/skip.sh is the same rule for the shell
 * scripts): TFJS_SELU_SKIP_TFJS_NODE (no native TensorFlow),
 * TFJS_SELU_SKIP_BROWSER (no Chromium) and TFJS_SELU_SKIP_RUNTIMES (no Bun and
 * Deno for the consumer test). '1' or 'true' asks to skip; unset, '',
 * '0' or 'false' does not; any other value is an error rather than a guess.
 * CI (CI=true) never honours them: asking for a skip there throws, so a CI run
 * runs every backend or fails.
 */
export type SkipVariable = 'TFJS_SELU_SKIP_TFJS_NODE' | 'TFJS_SELU_SKIP_BROWSER' | 'TFJS_SELU_SKIP_RUNTIMES';

/** Whether `variable` asks to skip what needs its prerequisite; throws under CI or on a value that is neither. */
export function skipRequested(variable: SkipVariable, env: Record<string, string | undefined> = process.env): boolean {
  const value = env[variable] ?? '';
  if (value === '' || value === '0' || value === 'false') return false;
  if (value !== '1' && value !== 'true') {
    throw new Error(`${variable}=${JSON.stringify(value)}: set it to 1 or true to skip, 0 or false (or unset) not to`);
  }
  if (env.CI === 'true') throw new Error(`${variable} is set, but CI must run every backend: refusing to skip`);
  return true;
}
