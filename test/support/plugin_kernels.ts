/** Every kernel name the plugin registers: what the fallback suites' backend copies leave out. */
import {AlphaDropoutGradKernel, AlphaDropoutKernel, SeluGradFromInputKernel, SeluGradKernel, SeluKernel} from '../../src/index.js';

export const PLUGIN_KERNEL_NAMES: ReadonlySet<string> = new Set([
  SeluKernel, SeluGradKernel, SeluGradFromInputKernel, AlphaDropoutKernel, AlphaDropoutGradKernel,
]);
