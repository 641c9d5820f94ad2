//===- Dataset.h - Training data as named columns of samples ----*- C++ -*-===//
#ifndef DLC_RUNTIME_DATASET_H
#define DLC_RUNTIME_DATASET_H

#include "runtime/Tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dlc::rt {

/// A table of samples: named tensors ("columns") whose first extent is the
/// sample count, the same for all of them.
struct Dataset {
  /// The column names, in the order of Columns.
  std::vector<std::string> Names;
  /// One tensor per name; sample I of a column is its slice [I, ...].
  std::vector<Tensor> Columns;
  /// Where the data came from, for messages: "'/data/mnist' (MNIST IDX,
  /// train)".
  std::string Source;

  /// The number of samples: the first extent of the first column; 0 if there
  /// are no columns.
  int64_t size() const;
  /// The column named `Name`; throws Error listing the names if there is
  /// none.
  const Tensor &column(const std::string &Name) const;
};

/// Loads split `Split` ("train" or "test") of the dataset at `Path`, which is
/// either a file or a directory. A directory is tried for these layouts, in
/// this order, and the first one present is loaded:
///  - MNIST IDX files, `train-images-idx3-ubyte` and `train-labels-idx1-ubyte`
///    (`t10k-*` for test): columns "images" u8 [N, 28, 28] (any u8 [N, H, W]
///    is accepted) and "labels" u8 [N];
///  - CIFAR-10 binary batches, those of `data_batch_1.bin` ...
///    `data_batch_5.bin` present, in that order (`test_batch.bin` for test):
///    "images" u8 [N, 3, 32, 32] and "labels" u8 [N];
///  - `train.csv` (`test.csv`), read as by readCsv: "x" f64 [N, F] holds all
///    columns but the last, and "y" f64 [N] the last one, the target;
///  - .npy files in `<Path>/<Split>/` if that directory exists, else in
///    `<Path>` itself (so a directory without split subdirectories yields the
///    same data for both splits): each `<name>.npy` is a column `<name>`, in
///    name order.
/// A file is a dataset of its own, whatever the split: a `.csv` file gives "x"
/// and "y" as above, and a `.npy` file one column named after its stem.
/// Throws Error naming the path when nothing recognisable is there (listing
/// what was looked for), when a layout is incomplete, when any file is
/// malformed, and, naming both columns, when sample counts differ.
Dataset loadDataset(const std::string &Path,
                    const std::string &Split = "train");

/// Whether the dataset at `Path` has files of its own for split `Split`
/// (`t10k-*` IDX files, `test_batch.bin`, `test.csv` or a `test/`
/// directory for "test"), rather than giving every split the same data.
bool hasOwnSplit(const std::string &Path, const std::string &Split);

/// A dataset of the samples `Rows` of `D`, in that order (indices may repeat),
/// copied into new tensors one row at a time. Throws Error if an index is out
/// of range or the columns of `D` do not share a first extent.
Dataset takeRows(const Dataset &D, const std::vector<int64_t> &Rows);

} // namespace dlc::rt

#endif // DLC_RUNTIME_DATASET_H
