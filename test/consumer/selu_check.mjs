// The consumer check, copied into a project that installed the packed tarball and run there by
// Node (ESM and CommonJS entries), Bun and Deno (test/node/consumer.test.ts): selu and its gradient
// on each backend asked for, which kernels ran (tf.profile names them), the plugin's own report of
// its path, and the tensors left behind. The test compares the values with the float64 reference.

/** Float32 inputs across both branches, where expm1 matters, and at 0. */
const XS = [-6, -1, -0.25, -1e-3, 0, 1e-3, 0.5, 3];

/**
 * @param tf the tfjs module the project imported
 * @param plugin the tfjs-selu module
 * @param backends the backends to run on, in order
 * @param paths per backend, a function returning the plugin's report of its path there
 */
export async function seluCheck(tf, plugin, backends, paths = {}) {
  const runs = [];
  for (const backend of backends) {
    if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
    await tf.ready();
    const before = tf.memory().numTensors;
    const x = tf.tensor1d(XS);
    const y = plugin.selu(x);
    const profile = await tf.profile(async () => {
      const dx = tf.grad(t => plugin.selu(t))(x);
      await dx.data();
      dx.dispose();
    });
    const dx = tf.grad(t => plugin.selu(t))(x);
    runs.push({
      backend: tf.getBackend(),
      xs: Array.from(await x.data()),
      y: Array.from(await y.data()),
      dx: Array.from(await dx.data()),
      kernels: profile.kernels.map(kernel => kernel.name),
      path: paths[backend] ? paths[backend]() : null,
    });
    tf.dispose([x, y, dx]);
    runs[runs.length - 1].leaked = tf.memory().numTensors - before;
  }
  return runs;
}
