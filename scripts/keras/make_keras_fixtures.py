#!/usr/bin/env python3
"""Real Keras SNNs converted by the official tensorflowjs converter, for tfjs-selu's tests.

Trains one tiny self-normalizing network with Keras 2 (tf_keras) and one with Keras 3, built
the way the paper and the Keras docs recommend: Conv1D(activation='selu') and
Dense(activation='selu') with kernel_initializer='lecun_normal', Activation('selu'),
AlphaDropout, a 'lecun_uniform' layer. Then, for each model:

  keras2/layers/  tensorflowjs layers format (tensorflowjs.converters.save_keras_model)
  keras2/graph/   tensorflowjs graph format: the model saved as a SavedModel, converted with
                  tensorflowjs.converters.convert_tf_saved_model (the graph has `Selu` nodes)
  keras3/graph/   the same for the Keras 3 model (`model.export`)
  keras3/layers/  the Keras 3 model through tensorflowjs.converters.save_keras_model
  keras3/layers-keras/  the Keras 3 model's .keras file through the converter's keras_keras input
                  format (`tensorflowjs_converter --input_format keras_keras`; it keeps the
                  optimizer's variables)

tfjs-layers cannot read the two Keras 3 layers models as they are (InputLayer `batch_shape`,
DTypePolicy dtypes, weights named `sequential/dense/kernel` or `layers/dense/vars/0`): the
plugin's `fromKeras3` handler translates them.

reference.json holds TensorFlow's own numbers for a few inputs: predictions (inference mode)
and the input gradient d sum(y) / dx; a small training batch for fine-tuning; the initializer
configs each Keras writes for 'lecun_normal' / 'lecun_uniform' (Keras 3's with module and
registered_name); the versions used. Numbers are float32 values written as JSON numbers.

The tensorflowjs package imports tensorflow_decision_forests (to load TFDF SavedModels)
and its JAX converter at import time; neither is used here, so both are replaced by empty
modules instead of installing jax and TFDF (see make_keras_fixtures.sh).

Run through scripts/keras/make_keras_fixtures.sh (creates the pinned venv).
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import types

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")

# Not used by the Keras converters (see the module docstring); imported by tensorflowjs.
sys.modules["tensorflow_decision_forests"] = types.ModuleType("tensorflow_decision_forests")
_jax_conversion = types.ModuleType("tensorflowjs.converters.jax_conversion")
_jax_conversion.convert_jax = None
sys.modules["tensorflowjs.converters.jax_conversion"] = _jax_conversion

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras  # noqa: E402
import keras  # noqa: E402
import tensorflowjs  # noqa: E402
from tensorflowjs.converters import converter as tfjs_converter  # noqa: E402

SEED = 20170612  # arXiv 1706.02515
STEPS, CHANNELS = 6, 2   # input: a sequence of 6 steps with 2 channels
N_TRAIN, N_FINE_TUNE, N_PREDICT = 256, 32, 5


def make_data(rng, n):
    """Inputs ~ N(0, 1) and a smooth nonlinear target the small SNN can learn."""
    x = rng.standard_normal((n, STEPS, CHANNELS)).astype(np.float32)
    y = (np.sin(x[:, :, 0]).sum(axis=1) * 0.5 + x[:, :, 1].mean(axis=1) ** 2).astype(np.float32)
    return x, y[:, None]


def build(k):
    """The SNN, with the Keras module `k` (tf_keras or keras)."""
    layers = k.layers
    return k.Sequential([
        k.Input(shape=(STEPS, CHANNELS)),
        layers.Conv1D(4, 3, activation="selu", kernel_initializer="lecun_normal"),
        layers.AlphaDropout(0.1),
        layers.Flatten(),
        layers.Dense(12, activation="selu", kernel_initializer="lecun_normal"),
        layers.AlphaDropout(0.1),
        layers.Dense(12, kernel_initializer="lecun_uniform"),
        layers.Activation("selu"),
        layers.Dense(1, kernel_initializer="lecun_normal"),
    ])


def train(model, k, x, y):
    model.compile(optimizer=k.optimizers.Adam(3e-3), loss="mse")
    model.fit(x, y, batch_size=32, epochs=4, verbose=0, shuffle=False)


def reference(model, x):
    """TensorFlow's predictions (inference mode) and d sum(y) / dx."""
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = model(xt, training=False)
        total = tf.reduce_sum(y)
    dx = tape.gradient(total, xt)
    return y.numpy(), dx.numpy()


def floats(a):
    """float32 values as JSON numbers (exact float64 value of each float32)."""
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


def clean(directory):
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)


def convert_saved_model(saved_dir, out_dir):
    clean(out_dir)
    tensorflowjs.converters.convert_tf_saved_model(saved_dir, out_dir)


def keras2_fixture(out, x, y, x_predict):
    tf_keras.utils.set_random_seed(SEED)
    model = build(tf_keras)
    train(model, tf_keras, x, y)
    clean(os.path.join(out, "layers"))
    tensorflowjs.converters.save_keras_model(model, os.path.join(out, "layers"))
    with tempfile.TemporaryDirectory() as tmp:
        saved = os.path.join(tmp, "saved_model")
        tf_keras.models.save_model(model, saved, save_format="tf", include_optimizer=False)
        convert_saved_model(saved, os.path.join(out, "graph"))
    return reference(model, x_predict)


def keras3_fixture(out, x, y, x_predict):
    keras.utils.set_random_seed(SEED)
    model = build(keras)
    train(model, keras, x, y)
    clean(os.path.join(out, "layers"))
    tensorflowjs.converters.save_keras_model(model, os.path.join(out, "layers"))
    with tempfile.TemporaryDirectory() as tmp:
        saved = os.path.join(tmp, "saved_model")
        model.export(saved, verbose=False)
        convert_saved_model(saved, os.path.join(out, "graph"))
        path = os.path.join(tmp, "snn.keras")
        model.save(path)
        clean(os.path.join(out, "layers-keras"))
        tfjs_converter.dispatch_keras_keras_to_tfjs_layers_model_conversion(path, os.path.join(out, "layers-keras"))
    return reference(model, x_predict)


def initializer_configs():
    """What each Keras writes for the LeCun initializers (model configs embed exactly this)."""
    return {
        "keras2": [tf_keras.initializers.serialize(tf_keras.initializers.get(name))
                   for name in ("lecun_normal", "lecun_uniform")],
        "keras3": [keras.saving.serialize_keras_object(keras.initializers.get(name))
                   for name in ("lecun_normal", "lecun_uniform")],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="fixture directory (test/fixtures/keras)")
    args = parser.parse_args()
    tf.config.experimental.enable_op_determinism()

    rng = np.random.default_rng(SEED)
    x_train, y_train = make_data(rng, N_TRAIN)
    x_tune, y_tune = make_data(rng, N_FINE_TUNE)
    x_predict = rng.standard_normal((N_PREDICT, STEPS, CHANNELS)).astype(np.float32)
    x_predict[0, 0, 0] = 0.0  # exactly 0 and tiny inputs reach the first layer too
    x_predict[0, 1, 0] = -1e-6

    models = {}
    for name, make in (("keras2", keras2_fixture), ("keras3", keras3_fixture)):
        y_pred, dx = make(os.path.join(args.out, name), x_train, y_train, x_predict)
        models[name] = {"predictions": floats(y_pred), "inputGradients": floats(dx)}
        print(f"[keras] {name}: predictions {np.round(y_pred.ravel(), 4)}", file=sys.stderr)

    doc = {
        "about": "TensorFlow's predictions and input gradients d sum(y)/dx (inference mode) of tiny Keras "
                 "SNNs converted by tensorflowjs; regenerate with scripts/keras/make_keras_fixtures.sh",
        "versions": {"tensorflow": tf.__version__, "tf_keras": tf_keras.__version__,
                     "keras": keras.__version__, "tensorflowjs": tensorflowjs.__version__,
                     "numpy": np.__version__, "python": sys.version.split()[0]},
        "inputShape": [STEPS, CHANNELS],
        "inputs": {"shape": [N_PREDICT, STEPS, CHANNELS], "values": floats(x_predict)},
        "fineTune": {"x": {"shape": [N_FINE_TUNE, STEPS, CHANNELS], "values": floats(x_tune)},
                     "y": {"shape": [N_FINE_TUNE, 1], "values": floats(y_tune)}},
        "models": models,
        "initializerConfigs": initializer_configs(),
    }
    with open(os.path.join(args.out, "reference.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
