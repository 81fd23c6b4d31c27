/**
 * Float32 constants as source text, for code generated from src/ (shaders,
 * WebAssembly text, C++). Every literal denotes exactly the float32 nearest
 * to the value given, so generated code and the JavaScript that describes it
 * agree to the bit.
 */

/**
 * A decimal float literal (GLSL, WGSL, JavaScript) that rounds to the same
 * float32 as `value`: nine significant digits always round-trip a float32.
 */
export function floatLiteral(value: number): string {
  const v = finiteFloat32(value);
  const text = v.toPrecision(9);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * The exact hexadecimal form of the float32 nearest to `value`, as WebAssembly
 * text and C++17 (with an `f` suffix) write it, e.g. `0x1.715476p+0`.
 */
export function float32HexLiteral(value: number): string {
  const v = finiteFloat32(value);
  if (v === 0) return Object.is(v, -0) ? '-0x0p+0' : '0x0p+0';
  const bits = new Uint32Array(new Float32Array([v]).buffer)[0];
  const sign = bits >>> 31 ? '-' : '';
  const biased = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  // Denormals: 0.fraction·2^-126; normals: 1.fraction·2^(e−127). 23 fraction bits, shifted to 24 = 6 hex digits.
  const lead = biased === 0 ? '0' : '1';
  const exponent = biased === 0 ? -126 : biased - 127;
  return `${sign}0x${lead}.${(fraction << 1).toString(16).padStart(6, '0')}p${exponent >= 0 ? '+' : ''}${exponent}`;
}

function finiteFloat32(value: number): number {
  const v = Math.fround(value);
  if (!Number.isFinite(v)) throw new Error(`constant ${value} is not a finite float32`);
  return v;
}
