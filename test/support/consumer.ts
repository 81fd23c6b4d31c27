/**
 * A user's project with the packed package installed: `npm pack` (which runs
 * the package's prepack), then a fresh project installing the tarball and the
 * tfjs packages with `npm ci --offline --ignore-scripts`, entirely from npm's
 * cache (the project's own `npm ci` filled it) and the tarball. The consumer's
 * lockfile is the part of this repository's lockfile those packages need
 * (the cache is keyed by the integrity recorded there), plus the tarball.
 */
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const root = join(__dirname, '..', '..');

/** One `packages` entry of a v3 package-lock.json (the fields used here). */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, {optional?: boolean}>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  peer?: boolean;
  [field: string]: unknown;
}

/** What `npm pack --json` reports. */
export interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: Array<{path: string, size: number}>;
}

/** Runs a command; throws with its output unless it exits 0. */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, {cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024});
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}\n${result.stdout}`);
  }
  return result.stdout;
}

/** `npm pack` of this repository into `dir` (lifecycle scripts run, as on publish). */
export function packInto(dir: string): PackResult {
  const out = run('npm', ['pack', '--json', '--pack-destination', dir], root);
  // The lifecycle scripts' output comes first, on the same stdout: npm's JSON is the last top-level array.
  const [result] = JSON.parse(out.slice(out.startsWith('[') ? 0 : out.lastIndexOf('\n[') + 1)) as PackResult[];
  return result;
}

/** The lockfile entry's path where Node finds `name` from the package at `from` ('' for the root), if any. */
function resolveInLock(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
    const key = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (key in packages) return key;
    if (base === '') return undefined;
  }
}

/**
 * This repository's lockfile entries that `dependencies` (names installed here) need, with
 * their dependencies, optional dependencies and required peers, as a consumer's prod packages.
 */
function lockSubset(dependencies: string[]): Record<string, LockEntry> {
  const {packages} = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, LockEntry>};
  const subset: Record<string, LockEntry> = {};
  const visit = (from: string, name: string, required: boolean): void => {
    const key = resolveInLock(packages, from, name);
    if (key === undefined) {
      if (required) throw new Error(`package-lock.json has no ${name} for ${from || 'the root'}`);
      return;
    }
    if (key in subset) return;
    // This repository's dev/peer flags say nothing about the consumer, whose dependencies these are.
    const entry = {...packages[key]};
    for (const flag of ['dev', 'devOptional', 'peer'] as const) delete entry[flag];
    subset[key] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(key, dep, true);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(key, dep, false);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) visit(key, dep, !entry.peerDependenciesMeta?.[dep]?.optional);
  };
  for (const name of dependencies) visit('', name, true);
  return subset;
}

/** The version of a package installed in this repository. */
export function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {version: string}).version;
}

/**
 * Makes `dir` a project depending on the tarball `tarball` (a file in `dir`) and on `dependencies`
 * at this repository's installed versions, and installs it offline without install scripts.
 */
export function installConsumer(dir: string, tarball: string, dependencies: string[]): void {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as LockEntry & {name: string};
  const deps: Record<string, string> = {[pkg.name]: `file:${tarball}`};
  for (const name of dependencies) deps[name] = installedVersion(name);
  const manifest = {name: 'tfjs-selu-consumer', version: '1.0.0', private: true, type: 'module', dependencies: deps};
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(join(dir, tarball))).digest('base64')}`;
  const {dependencies: own = {}, peerDependencies, peerDependenciesMeta, engines, license} = pkg;
  const lock = {
    name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true,
    packages: {
      '': {name: manifest.name, version: manifest.version, dependencies: deps},
      [`node_modules/${pkg.name}`]: {version: pkg.version, resolved: `file:${tarball}`, integrity, license,
        hasInstallScript: Boolean((pkg.scripts as Record<string, string> | undefined)?.install), engines,
        dependencies: own, peerDependencies, peerDependenciesMeta},
      // The package's own dependencies resolve as they do here, from the root of node_modules.
      ...lockSubset([...dependencies, ...Object.keys(own)]),
    },
  };
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], dir);
}
