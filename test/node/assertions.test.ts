/**
 * The assertion helpers are code too: special values must never compare equal
 * to each other by accident (JSON.stringify writes NaN and ±Infinity as null).
 */
import {expectClose, expectEqual, expectThrows} from '../support/assertions.js';

const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1];

describe('test assertions', () => {
  it('expectEqual tells NaN, +Infinity, -Infinity, +0 and -0 apart', () => {
    for (const a of SPECIALS) {
      for (const b of SPECIALS) {
        if (Object.is(a, b)) {
          expectEqual(a, b, 'same value');
        } else {
          expectThrows(() => expectEqual(a, b, 'special'), 'special');
        }
      }
    }
  });

  it('expectEqual compares arrays and typed arrays element-wise by Object.is', () => {
    expectEqual([NaN, -0, Infinity], [NaN, -0, Infinity], 'same array');
    expectEqual(Float32Array.of(NaN, 2), Float32Array.of(NaN, 2), 'same typed array');
    expectThrows(() => expectEqual([NaN], [Infinity], 'array'), 'array', 'differs at [0]');
    expectThrows(() => expectEqual([0], [-0], 'array'), 'differs at [0]', '-0');
    expectThrows(() => expectEqual(Float32Array.of(1, NaN), Float32Array.of(1, -Infinity), 'typed'), 'differs at [1]');
    expectThrows(() => expectEqual([1, 2], [1, 2, 3], 'length'), 'differs at .length');
    expectThrows(() => expectEqual([[1, NaN]], [[1, Infinity]], 'nested'), 'differs at [0][1]');
  });

  it('expectEqual compares plain objects key by key', () => {
    expectEqual({a: [1, 2], b: 'x'}, {a: [1, 2], b: 'x'}, 'same object');
    expectThrows(() => expectEqual({a: NaN}, {a: Infinity}, 'object'), 'differs at .a');
    expectThrows(() => expectEqual({a: 1} as object, {a: 1, b: 2} as object, 'object'), 'differs at .b');
  });

  it('expectClose matches NaN only to NaN and infinities only exactly', () => {
    expectClose([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity], {rtol: 0, atol: 0});
    for (const [a, e] of [[NaN, Infinity], [Infinity, NaN], [-Infinity, Infinity], [1, NaN], [NaN, 1], [3.4e38, Infinity]]) {
      expectThrows(() => expectClose([a], [e], {rtol: 1, atol: 1}, undefined, 'special'), 'special[0]');
    }
  });

  it('expectClose fails beyond its tolerance and reports the worst element', () => {
    expectClose([1, 2], [1 + 1e-7, 2], {rtol: 1e-6, atol: 0});
    expectThrows(() => expectClose([1, 2.1], [1, 2], {rtol: 1e-6, atol: 0}, [5, 6], 'close'), 'close[1]', 'x=6');
    expectThrows(() => expectClose([1], [1, 2], {rtol: 1, atol: 1}, undefined, 'len'), 'length');
  });
});
