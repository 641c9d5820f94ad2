//===- DataReaders.h - Readers for MNIST IDX, CIFAR-10 and CSV --*- C++ -*-===//
#ifndef DLC_RUNTIME_DATAREADERS_H
#define DLC_RUNTIME_DATAREADERS_H

#include "runtime/Tensor.h"

#include <string>
#include <vector>

namespace dlc::rt {

/// Reads an IDX file (the format of MNIST and Fashion-MNIST): two zero bytes,
/// a type code (0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64), a
/// rank of 1 to 8, that many big-endian u32 extents, then the big-endian
/// elements. The tensor has the file's shape and its elements in host order;
/// i16 files are widened to i32 (the runtime has no i16 type, and widening is
/// lossless). Throws Error naming the path on bad magic, an unknown type code,
/// a bad rank, a shape whose size overflows, or data that is truncated or
/// followed by trailing bytes.
Tensor readIdx(const std::string &Path);

/// The records of one CIFAR-10 binary batch.
struct Cifar10Batch {
  /// u8 [N, 3, 32, 32]: each image's R, G and B planes, row-major.
  Tensor Images;
  /// u8 [N], each 0..9.
  Tensor Labels;
};

/// Reads a CIFAR-10 binary batch (data_batch_1.bin, test_batch.bin): records
/// of one label byte followed by 3072 pixel bytes (the 32x32 R plane, then G,
/// then B). Throws Error naming the path unless the size is a positive
/// multiple of 3073 bytes, and naming the record if a label is 10 or more.
Cifar10Batch readCifar10(const std::string &Path);

/// A table of numbers read from a CSV file.
struct CsvTable {
  /// One name per column, from the header line (or c0, c1, ... without one).
  std::vector<std::string> Columns;
  /// f64 [rows, columns], row-major.
  Tensor Values;
};

/// Reads comma-separated numbers. The first line is a header of column names
/// (surrounding spaces and one pair of enclosing double quotes are removed),
/// unless every cell of it reads as a number (a refused one such as nan
/// included, which is then reported): then it is data and the columns are
/// named c0, c1, ... Lines end in \n or \r\n, the last one optionally; cells
/// may have spaces or tabs around them and hold numbers as strtod reads them
/// in the C locale, except hexadecimal, infinities and NaNs. A leading UTF-8
/// byte order mark is ignored. Blank lines may only end the file. Throws
/// Error, naming path:line:column, on an empty file, an empty or repeated
/// column name, a cell that is not a finite number, or a row whose cell count
/// differs from the header's.
CsvTable readCsv(const std::string &Path);

} // namespace dlc::rt

#endif // DLC_RUNTIME_DATAREADERS_H
