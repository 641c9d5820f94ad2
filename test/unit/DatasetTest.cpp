//===- DatasetTest.cpp - Tests of dataset loading and row selection -------===//
#include "runtime/Dataset.h"
#include "runtime/Error.h"
#include "runtime/Npy.h"
#include "test/unit/TestUtil.h"

#include <cstring>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

using Dims = std::vector<int64_t>;

std::string bigEndian32(uint32_t V) {
  return {static_cast<char>(V >> 24), static_cast<char>(V >> 16),
          static_cast<char>(V >> 8), static_cast<char>(V)};
}

/// A u8 IDX file of `Shape` whose byte I is (I + Seed) mod 256.
std::string idxU8(const std::vector<uint32_t> &Shape, int Seed,
                  unsigned char Code = 0x08) {
  std::string Out = {'\0', '\0', static_cast<char>(Code),
                     static_cast<char>(Shape.size())};
  size_t Count = 1;
  for (uint32_t Dim : Shape) {
    Out += bigEndian32(Dim);
    Count *= Dim;
  }
  for (size_t I = 0; I < Count * (Code == 0x0C ? 4 : 1); ++I)
    Out += static_cast<char>((I + Seed) & 0xff);
  return Out;
}

/// CIFAR-10 records with these labels; pixel bytes are (I + Label) mod 256.
std::string cifarRecords(const std::vector<int> &Labels) {
  std::string Out;
  for (int Label : Labels) {
    Out += static_cast<char>(Label);
    for (int I = 0; I < 3072; ++I)
      Out += static_cast<char>((I + Label) & 0xff);
  }
  return Out;
}

/// A tensor whose element I is I + Offset.
template <typename T> Tensor iota(DType Type, Dims S, T Offset = 0) {
  Tensor Result(Type, std::move(S));
  T *P = Result.dataAs<T>();
  for (int64_t I = 0; I < Result.numel(); ++I)
    P[I] = static_cast<T>(I) + Offset;
  return Result;
}

template <typename T> std::vector<T> valuesOf(const Tensor &Value) {
  const T *P = Value.dataAs<T>();
  return std::vector<T>(P, P + Value.numel());
}

} // namespace

TEST(DatasetTest, LoadsMnistSplits) {
  TempDir Dir;
  writeBytes(Dir.path("train-images-idx3-ubyte"), idxU8({3, 28, 28}, 0));
  writeBytes(Dir.path("train-labels-idx1-ubyte"), idxU8({3}, 4));
  writeBytes(Dir.path("t10k-images-idx3-ubyte"), idxU8({2, 28, 28}, 9));
  writeBytes(Dir.path("t10k-labels-idx1-ubyte"), idxU8({2}, 1));
  Dataset Train = loadDataset(Dir.path(""));
  EXPECT_EQ(Train.Names, (std::vector<std::string>{"images", "labels"}));
  EXPECT_EQ(Train.size(), 3);
  EXPECT_EQ(Train.Columns[0].typeString(), "u8[3, 28, 28]");
  EXPECT_EQ(Train.Columns[1].typeString(), "u8[3]");
  EXPECT_EQ(valuesOf<uint8_t>(Train.column("labels")),
            (std::vector<uint8_t>{4, 5, 6}));
  EXPECT_EQ(Train.column("images").dataAs<uint8_t>()[28 * 28 + 1], 785 % 256);
  EXPECT_CONTAINS(Train.Source, "MNIST IDX, train");
  Dataset TestSet = loadDataset(Dir.path(""), "test");
  EXPECT_EQ(TestSet.size(), 2);
  EXPECT_EQ(valuesOf<uint8_t>(TestSet.column("labels")),
            (std::vector<uint8_t>{1, 2}));
  EXPECT_EQ(TestSet.column("images").dataAs<uint8_t>()[0], 9);
  EXPECT_CONTAINS(TestSet.Source, "MNIST IDX, test");
}

TEST(DatasetTest, RejectsIncompleteOrInconsistentMnist) {
  TempDir Dir;
  std::string Images = Dir.path("train-images-idx3-ubyte");
  std::string Labels = Dir.path("train-labels-idx1-ubyte");
  writeBytes(Images, idxU8({3, 28, 28}, 0));
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("")); }),
                  "is incomplete: '" + Images + "' is there but '" + Labels +
                      "' is not");
  writeBytes(Labels, idxU8({2}, 0));
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("")); }),
                  "column 'labels' of '" + Dir.path("") +
                      "' (MNIST IDX, train) has 2 samples but column 'images' "
                      "has 3");
  writeBytes(Labels, idxU8({3}, 0, 0x0C));
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("")); }),
                  "'" + Labels +
                      "' holds i32[3] labels; expected u8 of rank 1");
  writeBytes(Labels, idxU8({3}, 0));
  writeBytes(Images, idxU8({3, 784}, 0));
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("")); }),
                  "holds u8[3, 784] images; expected u8 of rank 3");
  // A malformed file is reported by its reader.
  writeBytes(Images, idxU8({3, 28, 28}, 0) + "x");
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("")); }),
                  "'" + Images + "' has 1 unexpected bytes");
}

TEST(DatasetTest, LoadsCifarBatchesInOrder) {
  TempDir Dir;
  writeBytes(Dir.path("data_batch_1.bin"), cifarRecords({1, 2}));
  writeBytes(Dir.path("data_batch_3.bin"), cifarRecords({7}));
  writeBytes(Dir.path("data_batch_5.bin"), cifarRecords({0, 9}));
  writeBytes(Dir.path("test_batch.bin"), cifarRecords({4}));
  Dataset Train = loadDataset(Dir.path(""), "train");
  EXPECT_EQ(Train.Names, (std::vector<std::string>{"images", "labels"}));
  EXPECT_EQ(Train.Columns[0].typeString(), "u8[5, 3, 32, 32]");
  EXPECT_EQ(valuesOf<uint8_t>(Train.column("labels")),
            (std::vector<uint8_t>{1, 2, 7, 0, 9}));
  const uint8_t *Images = Train.column("images").dataAs<uint8_t>();
  for (int R = 0; R < 5; ++R) {
    int Label = Train.column("labels").dataAs<uint8_t>()[R];
    EXPECT_EQ(Images[R * 3072], Label);
    EXPECT_EQ(Images[R * 3072 + 3071], (3071 + Label) & 0xff);
  }
  EXPECT_CONTAINS(Train.Source, "CIFAR-10, train");
  Dataset TestSet = loadDataset(Dir.path(""), "test");
  EXPECT_EQ(valuesOf<uint8_t>(TestSet.column("labels")),
            std::vector<uint8_t>{4});
  EXPECT_EQ(TestSet.Columns[0].typeString(), "u8[1, 3, 32, 32]");

  writeBytes(Dir.path("data_batch_3.bin"), cifarRecords({7, 11}));
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("")); }),
                  "'" + Dir.path("data_batch_3.bin") + "': record 1");
}

TEST(DatasetTest, LoadsCsvWithTheLastColumnAsTarget) {
  TempDir Dir;
  writeBytes(Dir.path("train.csv"), "f1,f2,f3,label\n1,2,3,0\n4,5,6,1\n");
  writeBytes(Dir.path("test.csv"), "f1,f2,f3,label\n7,8,9,2\n");
  Dataset Train = loadDataset(Dir.path(""));
  EXPECT_EQ(Train.Names, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(Train.column("x").typeString(), "f64[2, 3]");
  EXPECT_EQ(valuesOf<double>(Train.column("x")),
            (std::vector<double>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(valuesOf<double>(Train.column("y")), (std::vector<double>{0, 1}));
  Dataset TestSet = loadDataset(Dir.path(""), "test");
  EXPECT_EQ(valuesOf<double>(TestSet.column("x")),
            (std::vector<double>{7, 8, 9}));
  EXPECT_EQ(valuesOf<double>(TestSet.column("y")), std::vector<double>{2});
  // A .csv file is a dataset by itself, for either split.
  for (const char *Split : {"train", "test"}) {
    Dataset File = loadDataset(Dir.path("test.csv"), Split);
    EXPECT_EQ(File.column("x").typeString(), "f64[1, 3]");
    EXPECT_CONTAINS(File.Source, "'" + Dir.path("test.csv") + "' (CSV)");
  }
  writeBytes(Dir.path("one.csv"), "y\n1\n2\n");
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("one.csv")); }),
                  "has only one column; a CSV dataset needs feature columns "
                  "and the target as its last column");
  writeBytes(Dir.path("train.csv"), "a,b\n1,x\n");
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("")); }),
                  Dir.path("train.csv") + ":2:3:");
}

TEST(DatasetTest, LoadsNpyColumnsByNameFromSplitDirectories) {
  TempDir Dir;
  std::string TrainDir = Dir.makeDir("train");
  std::string TestDir = Dir.makeDir("test");
  writeNpy(TrainDir + "/x.npy", iota<float>(DType::F32, {4, 2}));
  writeNpy(TrainDir + "/label.npy", iota<int64_t>(DType::I64, {4}, 10));
  writeNpy(TrainDir + "/.hidden.npy", Tensor(DType::F32, {9}));
  writeBytes(TrainDir + "/notes.txt", "not a column");
  writeNpy(TestDir + "/x.npy", iota<float>(DType::F32, {1, 2}, 100));
  writeNpy(TestDir + "/label.npy", iota<int64_t>(DType::I64, {1}));
  Dataset Train = loadDataset(Dir.path(""));
  EXPECT_EQ(Train.Names, (std::vector<std::string>{"label", "x"}));
  EXPECT_EQ(Train.size(), 4);
  EXPECT_EQ(valuesOf<int64_t>(Train.column("label")),
            (std::vector<int64_t>{10, 11, 12, 13}));
  EXPECT_EQ(Train.column("x").typeString(), "f32[4, 2]");
  Dataset TestSet = loadDataset(Dir.path(""), "test");
  EXPECT_EQ(TestSet.size(), 1);
  EXPECT_EQ(valuesOf<float>(TestSet.column("x")),
            (std::vector<float>{100, 101}));

  writeNpy(TestDir + "/label.npy", iota<int64_t>(DType::I64, {3}));
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path(""), "test"); }),
                  "column 'x' of '" + TestDir +
                      "' (.npy files) has 1 samples but column 'label' has 3");
  writeNpy(TestDir + "/label.npy", Tensor(DType::I64, {}));
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path(""), "test"); }),
                  "column 'label' of '" + TestDir +
                      "' (.npy files) is a scalar");
}

TEST(DatasetTest, LoadsNpyFilesOfADirectoryOrASingleFile) {
  TempDir Dir;
  writeNpy(Dir.path("b.npy"), iota<double>(DType::F64, {3, 2, 2}));
  writeNpy(Dir.path("a.npy"), iota<int32_t>(DType::I32, {3}));
  // Without split directories both splits are the directory itself.
  for (const char *Split : {"train", "test"}) {
    Dataset D = loadDataset(Dir.path(""), Split);
    EXPECT_EQ(D.Names, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(D.size(), 3);
  }
  Dataset One = loadDataset(Dir.path("b.npy"));
  EXPECT_EQ(One.Names, std::vector<std::string>{"b"});
  EXPECT_EQ(One.Columns[0].typeString(), "f64[3, 2, 2]");
  EXPECT_EQ(valuesOf<double>(One.Columns[0])[11], 11.0);
  writeNpy(Dir.path("s.npy"), Tensor(DType::F32, {}));
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("s.npy")); }),
                  "is a scalar; a dataset column needs a sample dimension");
  // An empty split directory is an error, not a fallback.
  Dir.makeDir("test");
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path(""), "test"); }),
                  "the split directory '" + Dir.path("test") +
                      "' holds no .npy files");
}

TEST(DatasetTest, PrefersMnistThenCifarThenCsvThenNpy) {
  TempDir Dir;
  writeNpy(Dir.path("a.npy"), Tensor(DType::F32, {1}));
  EXPECT_EQ(loadDataset(Dir.path("")).Names[0], "a");
  writeBytes(Dir.path("train.csv"), "a,b\n1,2\n");
  EXPECT_EQ(loadDataset(Dir.path("")).Names[0], "x");
  writeBytes(Dir.path("data_batch_2.bin"), cifarRecords({3}));
  EXPECT_CONTAINS(loadDataset(Dir.path("")).Source, "CIFAR-10");
  writeBytes(Dir.path("train-images-idx3-ubyte"), idxU8({1, 28, 28}, 0));
  writeBytes(Dir.path("train-labels-idx1-ubyte"), idxU8({1}, 0));
  EXPECT_CONTAINS(loadDataset(Dir.path("")).Source, "MNIST");
}

TEST(DatasetTest, SaysWhatItLookedFor) {
  TempDir Dir;
  std::string Message = errorOf([&] { loadDataset(Dir.path("")); });
  EXPECT_CONTAINS(Message, "no train split of a dataset in '" + Dir.path("") +
                               "': looked for MNIST "
                               "'train-images-idx3-ubyte' and "
                               "'train-labels-idx1-ubyte', CIFAR-10 "
                               "'data_batch_1.bin' ... 'data_batch_5.bin', "
                               "'train.csv', and .npy files in '" +
                               Dir.path("train") + "'");
  Message = errorOf([&] { loadDataset(Dir.path(""), "test"); });
  EXPECT_CONTAINS(Message, "'t10k-images-idx3-ubyte'");
  EXPECT_CONTAINS(Message, "'test_batch.bin'");
  EXPECT_CONTAINS(Message, "'test.csv'");
  // Train files do not make a test split.
  writeBytes(Dir.path("train.csv"), "a,b\n1,2\n");
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path(""), "test"); }),
                  "no test split");
  writeBytes(Dir.path("t10k-images-idx3-ubyte.gz"), "\x1f\x8b");
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path(""), "test"); }),
                  "'" + Dir.path("t10k-images-idx3-ubyte.gz") +
                      "' is compressed: decompress it with gunzip");
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path("nothing")); }),
                  "cannot load a dataset from '" + Dir.path("nothing") +
                      "': No such file or directory");
  EXPECT_CONTAINS(
      errorOf([&] { loadDataset(Dir.path("t10k-images-idx3-ubyte.gz")); }),
      "expected a directory (of MNIST IDX files, CIFAR-10 batches, train.csv "
      "and test.csv, or .npy files), a .csv file or a .npy file");
  EXPECT_CONTAINS(errorOf([&] { loadDataset(Dir.path(""), "val"); }),
                  "unknown dataset split 'val'; expected 'train' or 'test'");
}

TEST(DatasetTest, TakeRowsGathersSamplesInOrder) {
  Dataset D;
  D.Source = "'mem'";
  D.Names = {"x", "y"};
  D.Columns.push_back(iota<float>(DType::F32, {5, 2, 3}));
  D.Columns.push_back(iota<int64_t>(DType::I64, {5}, 100));
  Dataset Picked = takeRows(D, {4, 0, 4, 2});
  EXPECT_EQ(Picked.Names, D.Names);
  EXPECT_EQ(Picked.Source, D.Source);
  EXPECT_EQ(Picked.size(), 4);
  EXPECT_EQ(Picked.column("x").shape(), (Dims{4, 2, 3}));
  EXPECT_EQ(valuesOf<int64_t>(Picked.column("y")),
            (std::vector<int64_t>{104, 100, 104, 102}));
  const float *X = Picked.column("x").dataAs<float>();
  for (int I = 0; I < 4; ++I)
    for (int J = 0; J < 6; ++J)
      EXPECT_EQ(X[I * 6 + J], float(std::vector<int>{4, 0, 4, 2}[I] * 6 + J));
  // The source is untouched.
  EXPECT_EQ(D.Columns[0].dataAs<float>()[0], 0.0f);

  Dataset None = takeRows(D, {});
  EXPECT_EQ(None.size(), 0);
  EXPECT_EQ(None.column("x").shape(), (Dims{0, 2, 3}));
  // Rows of zero bytes are fine too.
  Dataset Empty;
  Empty.Names = {"e"};
  Empty.Columns.push_back(Tensor(DType::F32, {3, 0}));
  EXPECT_EQ(takeRows(Empty, {2, 1}).Columns[0].shape(), (Dims{2, 0}));

  EXPECT_CONTAINS(errorOf([&] {
                    takeRows(D, {0, 5});
                  }),
                  "row 5 is out of range for the 5 samples of 'mem'");
  EXPECT_CONTAINS(errorOf([&] { takeRows(D, {-1}); }),
                  "row -1 is out of range");
  D.Columns[1] = Tensor(DType::I64, {4});
  EXPECT_CONTAINS(errorOf([&] { takeRows(D, {0}); }),
                  "column 'y' of 'mem' has 4 samples but column 'x' has 5");
}

TEST(DatasetTest, SizeAndColumnLookup) {
  Dataset D;
  D.Source = "'mem'";
  EXPECT_EQ(D.size(), 0);
  EXPECT_CONTAINS(errorOf([&] { D.column("x"); }),
                  "dataset 'mem' has no column 'x'; its columns are none");
  D.Names = {"a", "b"};
  D.Columns.push_back(Tensor(DType::U8, {7, 2}));
  D.Columns.push_back(Tensor(DType::U8, {7}));
  EXPECT_EQ(D.size(), 7);
  EXPECT_EQ(&D.column("b"), &D.Columns[1]);
  EXPECT_CONTAINS(errorOf([&] { D.column("c"); }),
                  "has no column 'c'; its columns are 'a', 'b'");
}
