#!/usr/bin/env python3
"""Golden reference vectors for tfjs-selu, computed by TensorFlow itself.

Writes test/fixtures/golden.json (see docs below) with, for a fixed and deterministic
set of inputs x:

  selu.float64 / selu.float32 : y = tf.nn.selu(x), dy = d selu/dx (upstream gradient 1,
                                 tf.GradientTape), d2y = second derivative (nested tapes)
  elu.float32                 : the same for tf.nn.elu (ELU = SELU with alpha = 1, scale = 1)

The values are exactly what TensorFlow returns; nothing is "fixed".  Afterwards the
script checks every value against the float64 closed form of docs/NUMERICS.md (numpy,
expm1 for the forward) and prints each point where TensorFlow disagrees beyond float
rounding, grouped by cause, so the TypeScript tests can treat those points explicitly.

JSON encoding: numbers are JSON numbers written with Python's repr (shortest string
that round-trips the float64 exactly; float32 values are written as the exact float64
value of the float32 number); NaN / +Inf / -Inf are the strings "NaN", "Infinity",
"-Infinity"; negative zero is written as -0.0.

Run through scripts/golden/make_golden.sh (creates the pinned venv).
"""

import argparse
import json
import math
import os
import platform
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

# Constants of docs/NUMERICS.md (float64 closed form).
ALPHA = 1.6732632423543772848170429916717
SCALE = 1.0507009873554804934193349852946
SCALE_ALPHA = 1.7580993408473768599402175208123

SEED = 20170612  # arXiv 1706.02515


# --------------------------------------------------------------------------- inputs
def make_inputs():
    """The fixed list of float64 inputs (deduplicated by bit pattern, order kept)."""
    groups = []
    # Special values of the spec.
    groups.append([math.nan, math.inf, -math.inf, 0.0, -0.0, 1.0, -1.0, -10.0])
    # Dense grid on [-10, 10] (step 0.1).
    groups.append(np.linspace(-10.0, 10.0, 201).tolist())
    # Extra points around zero: [-1e-3, 1e-3] step 1e-4, plus a few on a log scale.
    groups.append(np.linspace(-1e-3, 1e-3, 21).tolist())
    groups.append([2.5e-4, -2.5e-4, 5e-5, -5e-5, 1e-6, -1e-6, 2.5e-6, -2.5e-6])
    # Seeded random values, normal with scale 3.
    rng = np.random.default_rng(SEED)
    groups.append(rng.normal(0.0, 3.0, 64).tolist())
    # Tiny magnitudes (1e-38 and 1e-45 are float32 denormals).
    tiny = [1e-8, 1e-20, 1e-38, 1e-45, 1e-7, 1e-5]
    groups.append([s * t for t in tiny for s in (1.0, -1.0)])
    # Huge magnitudes and exp-underflow points.
    f32max = float(np.finfo(np.float32).max)
    groups.append([1e3, -1e3, 1e10, -1e10, 3e38, -3e38, -88.0, -100.0, -1e30,
                   f32max, -f32max])

    seen, xs = set(), []
    for g in groups:
        for v in g:
            key = np.float64(v).tobytes()
            if key not in seen:
                seen.add(key)
                xs.append(float(v))
    return xs


# --------------------------------------------------------------------------- TF
def tf_values(fn, x_np, dtype):
    """y, dy/dx (upstream ones) and d2y/dx2 (nested tapes) of an elementwise fn."""
    x = tf.constant(x_np, dtype=dtype)
    with tf.GradientTape() as outer:
        outer.watch(x)
        with tf.GradientTape() as inner:
            inner.watch(x)
            y = fn(x)
        dy = inner.gradient(y, x, output_gradients=tf.ones_like(y))
    d2y = outer.gradient(dy, x, output_gradients=tf.ones_like(dy))
    if d2y is None:  # no path (would mean a zero second derivative everywhere)
        d2y = tf.zeros_like(x)
    return y.numpy(), dy.numpy(), d2y.numpy()


# --------------------------------------------------------------------------- spec
def spec_values(x64, alpha, scale, scale_alpha):
    """float64 closed form of docs/NUMERICS.md (expm1 forward)."""
    x = np.asarray(x64, dtype=np.float64)
    with np.errstate(all="ignore"):
        pos = x > 0
        y = np.where(pos, scale * x, scale_alpha * np.expm1(x))
        d = np.where(pos, scale, scale_alpha * np.exp(x))
        d2 = np.where(pos, 0.0, scale_alpha * np.exp(x))
        nan = np.isnan(x)
        y[nan] = d[nan] = d2[nan] = np.nan
    return y, d, d2


# --------------------------------------------------------------------------- JSON
def jnum(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v  # json writes repr(v): exact round trip, -0.0 stays -0.0


def jlist(arr):
    return [jnum(v) for v in np.asarray(arr).tolist()]


def dump(obj):
    """json with one array per line (compact numbers, readable structure)."""
    def enc(o, ind):
        pad = "  " * ind
        if isinstance(o, dict):
            items = [f'{pad}  {json.dumps(k)}: {enc(v, ind + 1)}' for k, v in o.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(o, list):
            return json.dumps(o, allow_nan=False, separators=(",", ":"))
        return json.dumps(o, allow_nan=False)
    return enc(obj, 0) + "\n"


# --------------------------------------------------------------------------- checks
def classify(tf_v, ref, dtype):
    """Compare one TF value with the closed form (ref in float64, rounded to dtype)."""
    fi = np.finfo(dtype)
    with np.errstate(over="ignore"):  # e.g. selu(float32 max) overflows to Infinity
        r = float(dtype(ref)) if np.isfinite(ref) else float(ref)
    t = float(tf_v)
    if math.isnan(r) or math.isnan(t):
        return ("ok", 0.0) if (math.isnan(r) and math.isnan(t)) else ("DIFFERS", math.inf)
    if math.isinf(r) or math.isinf(t):
        return ("ok", 0.0) if r == t else ("DIFFERS", math.inf)
    if t == r:
        return "ok", 0.0
    ulp = float(np.spacing(dtype(abs(r))))
    ulps = abs(t - r) / ulp
    if t == 0.0 and abs(r) < float(fi.tiny):
        # TF returns 0 where the spec value is a denormal of this dtype: TF's CPU kernels
        # run flush-to-zero, and y + lambda*alpha cancels to exactly 0 there anyway.
        return "underflow", ulps
    if ulps <= 4:
        return "ok", ulps
    floor = 4 * float(np.spacing(dtype(SCALE_ALPHA)))  # absolute floor of docs/NUMERICS.md
    if abs(t - r) <= floor:
        return "cancellation", ulps  # exp(x)-1 or y+lambda*alpha, within the spec's floor
    return "DIFFERS", ulps


def check(name, dtype_name, xs, vals, consts):
    dtype = {"float32": np.float32, "float64": np.float64}[dtype_name]
    refs = spec_values(np.asarray(xs, dtype=np.float64), *consts)
    out = []
    for qname, tfv, ref in zip(("y", "dy", "d2y"), vals, refs):
        for x, t, r in zip(xs, tfv, ref):
            cat, ulps = classify(t, r, dtype)
            if cat != "ok":
                out.append(dict(op=name, dtype=dtype_name, q=qname, x=x, tf=float(t),
                                spec=float(r), cat=cat, ulps=ulps))
    return out


def fmt(v):
    return repr(float(v))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "golden.json"))
    ap.add_argument("--verbose", action="store_true", help="list every cancellation point")
    args = ap.parse_args()

    tf.config.set_visible_devices([], "GPU")
    xs64 = make_inputs()
    x64 = np.asarray(xs64, dtype=np.float64)
    x32 = x64.astype(np.float32)
    xs32 = [float(v) for v in x32.tolist()]

    selu64 = tf_values(tf.nn.selu, x64, tf.float64)
    selu32 = tf_values(tf.nn.selu, x32, tf.float32)
    elu32 = tf_values(tf.nn.elu, x32, tf.float32)

    assert selu64[0].dtype == np.float64 and selu32[0].dtype == np.float32

    issues = []
    issues += check("selu", "float64", xs64, selu64, (ALPHA, SCALE, SCALE_ALPHA))
    issues += check("selu", "float32", xs32, selu32, (ALPHA, SCALE, SCALE_ALPHA))
    issues += check("elu", "float32", xs32, elu32, (1.0, 1.0, 1.0))

    differs = [i for i in issues if i["cat"] == "DIFFERS"]
    ftz = [i for i in issues if i["cat"] == "underflow"]
    canc = [i for i in issues if i["cat"] == "cancellation"]

    def where(lst):
        keys = {}
        for i in lst:
            keys.setdefault((i["op"], i["dtype"], i["q"]), []).append(i["x"])
        return "; ".join(f"{o} {d} {q} at x in {{{', '.join(sorted(set(fmt(v) for v in xs), key=lambda z: (z == 'nan', float(z), z)))}}}"
                         for (o, d, q), xs in keys.items())

    note = ("Values are exactly what TensorFlow returns (CPU, eager); they are NOT corrected to docs/NUMERICS.md. "
            "dy uses upstream gradient 1 (TF's SeluGrad/EluGrad, output form, branch on y < 0); "
            "d2y uses nested GradientTapes. Where TF differs from the closed form beyond rounding: "
            f"{where(differs) or 'nowhere'}. "
            f"TF gives 0 where the spec value is a denormal (flush-to-zero): {where(ftz) or 'none'}. "
            f"{len(canc)} further values differ by more than 4 ulps but by at most 4 ulp(lambda*alpha) absolute "
            "(TF computes exp(x)-1, not expm1, and the gradient as y + lambda*alpha); "
            "see make_golden.py output. NaN/Infinity are strings; -0 is written as -0.0.")

    fixture = {
        "meta": {
            "generator": "scripts/golden/make_golden.py",
            "tensorflow": tf.__version__,
            "numpy": np.__version__,
            "note": note,
        },
        "selu": {
            "float64": {"x": jlist(x64), "y": jlist(selu64[0]), "dy": jlist(selu64[1]),
                        "d2y": jlist(selu64[2])},
            "float32": {"x": jlist(x32), "y": jlist(selu32[0]), "dy": jlist(selu32[1]),
                        "d2y": jlist(selu32[2])},
        },
        "elu": {
            "float32": {"x": jlist(x32), "y": jlist(elu32[0]), "dy": jlist(elu32[1]),
                        "d2y": jlist(elu32[2])},
        },
    }
    text = dump(fixture)

    # Self-check: the file parses back to exactly the same values (incl. -0.0).
    back = json.loads(text)
    for op in ("selu", "elu"):
        for dt, grp in back[op].items():
            for q, arr in grp.items():
                src = fixture[op][dt][q]
                assert len(arr) == len(xs64), (op, dt, q)
                for a, b in zip(arr, src):
                    assert (a == b) if isinstance(a, str) else (
                        np.float64(a).tobytes() == np.float64(b).tobytes()), (op, dt, q, a, b)

    out = os.path.normpath(args.out)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)

    # ------------------------------------------------------------------ summary
    print(f"tensorflow {tf.__version__}, numpy {np.__version__}, python {platform.python_version()}")
    print(f"{len(xs64)} inputs; wrote {out} ({len(text.encode())} bytes)")
    distinct32 = len({np.float32(v).tobytes() for v in xs32})
    print(f"float32 inputs: {distinct32} distinct after rounding")
    print(f"selu(-0): float64 {fmt(selu64[0][4])}, float32 {fmt(selu32[0][4])}")
    print(f"\nDisagreements with the docs/NUMERICS.md closed form beyond rounding ({len(differs)}):")
    for i in differs:
        print(f"  {i['op']:4} {i['dtype']} {i['q']:3} x={fmt(i['x']):>24}  tf={fmt(i['tf']):>24}"
              f"  spec={fmt(i['spec'])}")
    print(f"\nTF gives 0, spec value is a denormal of the dtype (flush-to-zero) ({len(ftz)}):")
    for i in ftz:
        print(f"  {i['op']:4} {i['dtype']} {i['q']:3} x={fmt(i['x']):>24}  tf={fmt(i['tf'])}"
              f"  spec={fmt(i['spec'])}")
    print(f"\nCancellation within the spec's absolute floor 4*ulp(lambda*alpha) ({len(canc)}):")
    by = {}
    for i in canc:
        by.setdefault((i["op"], i["dtype"], i["q"]), []).append(i)
    for (o, d, q), lst in by.items():
        xs_ = [i["x"] for i in lst]
        worst = max(lst, key=lambda i: abs(i["tf"] - i["spec"]))
        print(f"  {o:4} {d} {q:3}: {len(lst)} points, x in [{min(xs_):.3g}, {max(xs_):.3g}], "
              f"max abs err {abs(worst['tf'] - worst['spec']):.3g} at x={fmt(worst['x'])}")
        if args.verbose:
            for i in lst:
                print(f"      x={fmt(i['x']):>24} tf={fmt(i['tf']):>24} spec={fmt(i['spec'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
