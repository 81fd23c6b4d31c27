import {EXPM1_LOWER_CLAMP, expm1NonPositive} from '../../src/math/expm1.js';
import {expectTrue} from '../support/assertions.js';
import {randomNormals} from '../support/reference.js';
import {FLOAT64_EXPM1} from '../support/tolerances.js';

describe('expm1NonPositive (the cpu forward\'s expm1)', () => {
  it(`is within ${FLOAT64_EXPM1.rtol} relative of Math.expm1 on a million float32 inputs in [-30, 0]`, () => {
    const inputs = [
      ...randomNormals(500000, 1, 8).map(v => Math.max(-Math.abs(v), EXPM1_LOWER_CLAMP)),
      ...Array.from({length: 500000}, (_, i) => Math.fround(EXPM1_LOWER_CLAMP * i / 499999)),
      -0, 0, -1e-45, -1e-38, -1e-20, -1e-7, -Math.LN2 / 32, -Math.LN2 / 2, -Math.LN2, -29.999, EXPM1_LOWER_CLAMP,
    ];
    let worst = 0;
    let worstX = 0;
    for (const x of inputs) {
      const expected = Math.expm1(x);
      const relative = Math.abs(expm1NonPositive(x) - expected) / Math.abs(expected || 1);
      if (relative > worst) {
        worst = relative;
        worstX = x;
      }
    }
    expectTrue(worst <= FLOAT64_EXPM1.rtol, `worst relative error ${worst} at x=${worstX}`);
  });

  it('propagates NaN', () => {
    expectTrue(Number.isNaN(expm1NonPositive(NaN)), 'expm1(NaN)');
  });
});
