// How every browser run here (karma, the browser bench, the browser-example test) finds and
// starts Chromium. CommonJS so that karma.conf.js can require it too.
'use strict';
const {execFileSync} = require('node:child_process');
const {join} = require('node:path');

/**
 * Flags for headless Debian Chromium here: offline, root-safe, WebGL2 through
 * ANGLE on SwiftShader, and WebGPU on SwiftShader (navigator.gpu with a real
 * adapter, no GPU needed).
 */
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
];

/**
 * CHROME_BIN, else `chromium` (or `chromium-browser`) on PATH, after scripts/ensure-chromium.sh
 * (which installs Debian's chromium as root); otherwise an Error saying how to provide one.
 */
function chromiumPath() {
  execFileSync('bash', [join(__dirname, 'ensure-chromium.sh')], {stdio: ['ignore', 'ignore', 'inherit']});
  if (process.env.CHROME_BIN) return process.env.CHROME_BIN;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {encoding: 'utf8'}).trim();
  } catch {
    throw new Error('no Chromium found: run `bash scripts/ensure-chromium.sh` (as root it installs ' +
        "Debian's chromium), or set CHROME_BIN to a Chrome/Chromium binary.");
  }
}

module.exports = {CHROMIUM_FLAGS, chromiumPath};
