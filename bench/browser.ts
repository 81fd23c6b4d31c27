/**
 * Browser benchmark (part of `npm run bench`): bundles bench/browser_page.ts
 * (the shared harness plus the BUILT package) with esbuild, runs it in Debian's
 * headless Chromium through playwright-core (never a downloaded browser), on
 * the webgl (WebGL2 on SwiftShader), webgpu (WebGPU on SwiftShader), cpu and
 * wasm backends in one run, and rewrites the 'browser' section of
 * docs/BENCHMARKS.md. The page is cross-origin isolated, so wasm runs
 * tfjs-backend-wasm's threaded build; a second, non-isolated page runs the
 * plain wasm build.
 * Usage: tsx bench/browser.ts [--sizes 1e3,1e6] [--min-reps 25] [--max-reps 51] [--backends webgl,webgl-f16,webgpu,cpu,wasm]
 * [--parts selu,dropout,snn] [--snn-reps 7]
 * ('webgl-f16': the 'webgl' backend re-created on half-float render targets, forward and step rows)
 */
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';
import {build} from 'esbuild';
import {chromium} from 'playwright-core';
import {alphaDropoutSection} from './dropout.js';
import {memoryTable, timingTable} from './harness.js';
import type {BenchConfig, BenchOutput} from './browser_page.js';
import {machineNotes, writeSection} from './report.js';
import {CHROMIUM_FLAGS, chromiumPath} from '../scripts/chromium.cjs';

const root = join(__dirname, '..');

function option(name: string, fallback: string): string {
  const flag = process.argv.indexOf(name);
  return flag >= 0 ? process.argv[flag + 1] : fallback;
}

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [join(root, 'bench/browser_page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    define: {'process.env.NODE_ENV': '"production"'},
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/** What the page reported of the GPU backends it ran. */
function gpuNotes(env: BenchOutput['environment']): string {
  const notes: string[] = [];
  if (env.WEBGL_VERSION !== undefined) {
    notes.push(`WebGL ${env.WEBGL_VERSION} through ANGLE on ${env.renderer ?? 'an unknown renderer'} ` +
        `(WEBGL_PACK=${env.WEBGL_PACK}, float32 render targets: ${env.WEBGL_RENDER_FLOAT32_ENABLED})`);
  }
  if (env.webgpuAdapter !== undefined) notes.push(`WebGPU on the adapter '${env.webgpuAdapter}'`);
  return notes.join('; ') || 'no GPU backend run';
}

function markdown(out: BenchOutput, chromiumVersion: string): string {
  const env = out.environment;
  const largest = Math.max(...out.timings.map(t => t.size));
  const programs = Object.entries(out.stepPrograms).map(([backend, steps]) =>
    `One ${backend} training step ("step", ${largest.toExponential(0)} elements) runs ${steps.ours.length} shader programs ` +
    `with the plugin (${steps.ours.join(', ')}) and ${steps.builtin.length} with \`tf.selu\` (${steps.builtin.join(', ')}).`)
      .join('\n');
  return `## Browser (headless Chromium: ${[...new Set(out.timings.map(t => t.backend))].join(', ')})

${machineNotes()} ${chromiumVersion}, headless, ${gpuNotes(env)}; page cross-origin isolated (5 µs timers): ${env.crossOriginIsolated}. SwiftShader is a CPU rasteriser: webgl and webgpu times here measure it, not a
GPU, so read the ratios. Every timed call includes reading the result back (\`data()\`).

- "forward", "backward" (\`seluGrad(dy, y)\` against tfjs-core's gradient of \`Selu\` alone), "step"
  (\`tf.grad(x => op(x))(x, dy)\`) and "dense 64+SELU step": the harness's standard comparisons (ours and \`tf.selu\`
  share their inputs), with every input first read by a built-in element-wise op, so it sits in the layout a graph of
  tfjs's own ops leaves it in (packed under WEBGL_PACK). The plugin's packed programs read them as they are;
  \`tf.selu\`'s unpacked program unpacks x first. "limit" is the harness's cheapest one-pass op of the same shape
  (\`tf.neg\` for one input, \`tf.mul\` for two on webgl and webgpu; for a step, \`tf.grad(neg)\`: one pass each
  way), timed alongside.
- "…, fresh inputs" (webgl only): each contender gets its own new inputs, uploaded in the layout of the first program
  that reads them, so neither converts anything. Reading a packed result back runs tfjs's packed decode, which on
  SwiftShader can cost more than the unpacked one: the "forward, fresh inputs" ratio varies most between runs.
- wasm: "wasm (threaded, …)" rows come from the cross-origin-isolated page (tfjs-backend-wasm picks its threaded
  build, whose memory is shared), "wasm (plain, …)" rows from a second page that is not isolated; the second part
  names the plugin's path (\`simd\`: its SIMD module on the backend's heap). The built-in is tfjs-backend-wasm's
  native \`Selu\`; "limit" is \`tf.neg\` / \`tf.mul\`.

${timingTable(out.timings)}

${programs}

Memory (tf.profile, one run):

${memoryTable(out.memory)}

${alphaDropoutSection(out.dropout.timings, out.dropout.memory, out.dropout.snn)}
`;
}

/** The page and its bundle, served by route interception (no server); COOP/COEP when isolated. */
const ORIGIN = 'http://127.0.0.1:7357';
const ISOLATION_HEADERS = {'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp'};
/** tfjs-backend-wasm's binaries, served under /wasm/. */
const WASM_DIST = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');

type Browser = Awaited<ReturnType<typeof chromium.launch>>;

/** Runs the bundled page once: cross-origin isolated (precise timers, threaded wasm) or not (plain wasm). */
async function runPage(browser: Browser, script: string, config: BenchConfig, isolated: boolean): Promise<BenchOutput> {
  const tab = await browser.newPage();
  try {
    tab.on('console', message => console.log(`[chromium] ${message.text()}`));
    tab.on('pageerror', error => console.error(`[chromium] page error: ${error.message}`));
    await tab.route(`${ORIGIN}/**`, route => {
      const path = new URL(route.request().url()).pathname;
      const headers = isolated ? ISOLATION_HEADERS : {};
      if (path.startsWith('/wasm/')) {
        return route.fulfill({status: 200, headers, contentType: 'application/wasm',
          body: readFileSync(join(WASM_DIST, basename(path)))});
      }
      const isScript = path === '/bench.js';
      return route.fulfill({
        status: 200,
        headers,
        contentType: isScript ? 'text/javascript' : 'text/html',
        body: isScript ? script : '<!doctype html><title>tfjs-selu browser benchmark</title><script src="/bench.js"></script>',
      });
    });
    await tab.goto(`${ORIGIN}/`);
    return await tab.evaluate(
        (c: BenchConfig) => (globalThis as unknown as {runBench: (c: BenchConfig) => Promise<BenchOutput>}).runBench(c),
        config);
  } finally {
    await tab.close();
  }
}

async function main(): Promise<void> {
  const config: BenchConfig = {
    backends: option('--backends', 'webgl,webgl-f16,webgpu,cpu,wasm').split(','),
    wasmPaths: '/wasm/',
    sizes: option('--sizes', '1e3,1e4,1e5,1e6').split(',').map(Number),
    minRepetitions: Number(option('--min-reps', '25')),
    maxRepetitions: Number(option('--max-reps', '51')),
    parts: option('--parts', 'selu,dropout,snn').split(','),
    snnRepetitions: Number(option('--snn-reps', '7')),
  };
  const executablePath = chromiumPath();
  const chromiumVersion = execFileSync(executablePath, ['--version'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']})
      .trim();
  const script = await bundlePage();
  const browser = await chromium.launch({executablePath, headless: true, args: CHROMIUM_FLAGS});
  let out: BenchOutput;
  try {
    out = await runPage(browser, script, config, true);
    if (config.backends.includes('wasm')) {
      const plain = await runPage(browser, script, {...config, backends: ['wasm']}, false);
      out = {...out, timings: [...out.timings, ...plain.timings], memory: [...out.memory, ...plain.memory], dropout: {
        timings: [...out.dropout.timings, ...plain.dropout.timings], memory: [...out.dropout.memory, ...plain.dropout.memory],
        snn: [...out.dropout.snn, ...plain.dropout.snn]}};
    }
  } finally {
    await browser.close();
  }
  const text = markdown(out, chromiumVersion);
  console.log(`\n${text}`);
  writeSection(join(root, 'docs', 'BENCHMARKS.md'), 'browser', text);
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
