//===- Dataset.cpp - Training data as named columns of samples ------------===//
#include "runtime/Dataset.h"

#include "runtime/DataReaders.h"
#include "runtime/Error.h"
#include "runtime/FileIO.h"
#include "runtime/Npy.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>

namespace dlc::rt {
namespace {

constexpr uint64_t CifarImageBytes = 3 * 32 * 32;
constexpr uint64_t CifarRecordBytes = 1 + CifarImageBytes;
constexpr int CifarTrainBatches = 5;

std::string quote(const std::string &S) { return "'" + S + "'"; }

std::string join(const std::string &Dir, const std::string &Name) {
  return !Dir.empty() && Dir.back() == '/' ? Dir + Name : Dir + "/" + Name;
}

bool isFile(const std::string &Path) {
  struct stat St;
  return ::stat(Path.c_str(), &St) == 0 && S_ISREG(St.st_mode);
}

bool isDirectory(const std::string &Path) {
  struct stat St;
  return ::stat(Path.c_str(), &St) == 0 && S_ISDIR(St.st_mode);
}

bool endsWith(const std::string &S, const std::string &Suffix) {
  return S.size() >= Suffix.size() &&
         S.compare(S.size() - Suffix.size(), Suffix.size(), Suffix) == 0;
}

/// The file name without its directory and its extension.
std::string stem(const std::string &Path) {
  size_t Slash = Path.rfind('/');
  std::string Name = Slash == std::string::npos ? Path : Path.substr(Slash + 1);
  size_t Dot = Name.rfind('.');
  return Dot == std::string::npos || Dot == 0 ? Name : Name.substr(0, Dot);
}

/// Throws unless every column has a sample dimension of the same extent.
void checkSampleCounts(const Dataset &D) {
  if (D.Names.size() != D.Columns.size())
    throw Error("dataset " + D.Source + " has " +
                std::to_string(D.Names.size()) + " names for " +
                std::to_string(D.Columns.size()) + " columns");
  for (size_t I = 0; I < D.Columns.size(); ++I) {
    const Tensor &C = D.Columns[I];
    if (C.rank() == 0)
      throw Error("column '" + D.Names[I] + "' of " + D.Source +
                  " is a scalar; a dataset column needs a sample dimension");
    if (C.shape()[0] != D.Columns[0].shape()[0])
      throw Error("column '" + D.Names[I] + "' of " + D.Source + " has " +
                  std::to_string(C.shape()[0]) + " samples but column '" +
                  D.Names[0] + "' has " +
                  std::to_string(D.Columns[0].shape()[0]));
  }
}

/// Throws unless `T`, read from `Path`, is u8 of rank `Rank`.
void checkU8(const Tensor &T, int64_t Rank, const std::string &Path,
             const char *What) {
  if (T.dtype() != DType::U8 || T.rank() != Rank)
    throw Error(quote(Path) + " holds " + T.typeString() + " " + What +
                "; expected u8 of rank " + std::to_string(Rank));
}

Dataset loadMnist(const std::string &Dir, const std::string &Images,
                  const std::string &Labels, const std::string &Split) {
  Dataset D;
  D.Source = quote(Dir) + " (MNIST IDX, " + Split + ")";
  D.Names = {"images", "labels"};
  D.Columns.push_back(readIdx(Images));
  checkU8(D.Columns[0], 3, Images, "images");
  D.Columns.push_back(readIdx(Labels));
  checkU8(D.Columns[1], 1, Labels, "labels");
  checkSampleCounts(D);
  return D;
}

Dataset loadCifar(const std::string &Dir,
                  const std::vector<std::string> &Batches,
                  const std::string &Split) {
  // Size the result from the file sizes, so that the images are not held
  // twice; readCifar10 checks each file in full.
  int64_t Total = 0;
  for (const std::string &Path : Batches)
    Total += static_cast<int64_t>(InputFile(Path).size() / CifarRecordBytes);
  Tensor Images(DType::U8, {Total, 3, 32, 32});
  Tensor Labels(DType::U8, {Total});
  int64_t Done = 0;
  for (const std::string &Path : Batches) {
    Cifar10Batch Batch = readCifar10(Path);
    int64_t N = Batch.Labels.numel();
    if (N > Total - Done)
      throw Error(quote(Path) + " changed while it was being read");
    std::memcpy(Images.dataAs<uint8_t>() + Done * CifarImageBytes,
                Batch.Images.data(), Batch.Images.byteSize());
    std::memcpy(Labels.dataAs<uint8_t>() + Done, Batch.Labels.data(), N);
    Done += N;
  }
  if (Done != Total)
    throw Error("the CIFAR-10 batches in " + quote(Dir) +
                " changed while they were being read");
  Dataset D;
  D.Source = quote(Dir) + " (CIFAR-10, " + Split + ")";
  D.Names = {"images", "labels"};
  D.Columns.push_back(std::move(Images));
  D.Columns.push_back(std::move(Labels));
  return D;
}

Dataset loadCsv(const std::string &Path, const std::string &Source) {
  CsvTable Table = readCsv(Path);
  int64_t Cols = static_cast<int64_t>(Table.Columns.size());
  if (Cols < 2)
    throw Error(quote(Path) +
                " has only one column; a CSV dataset needs feature columns "
                "and the target as its last column");
  int64_t Rows = Table.Values.shape()[0];
  Tensor X(DType::F64, {Rows, Cols - 1});
  Tensor Y(DType::F64, {Rows});
  const double *In = Table.Values.dataAs<double>();
  double *XOut = X.dataAs<double>();
  double *YOut = Y.dataAs<double>();
  for (int64_t R = 0; R < Rows; ++R) {
    std::memcpy(XOut + R * (Cols - 1), In + R * Cols,
                (Cols - 1) * sizeof(double));
    YOut[R] = In[R * Cols + Cols - 1];
  }
  Dataset D;
  D.Source = Source;
  D.Names = {"x", "y"};
  D.Columns.push_back(std::move(X));
  D.Columns.push_back(std::move(Y));
  return D;
}

/// The .npy files directly in `Dir`, sorted; dot files are left out.
std::vector<std::string> npyFilesIn(const std::string &Dir) {
  std::vector<std::string> Names;
  DIR *D = ::opendir(Dir.c_str());
  if (!D)
    throw Error("cannot list " + quote(Dir) + ": " + systemErrorText(errno));
  while (dirent *E = ::readdir(D)) {
    std::string Name = E->d_name;
    if (Name[0] != '.' && endsWith(Name, ".npy") && isFile(join(Dir, Name)))
      Names.push_back(Name);
  }
  ::closedir(D);
  std::sort(Names.begin(), Names.end());
  return Names;
}

Dataset loadNpyFiles(const std::string &Dir,
                     const std::vector<std::string> &Files,
                     const std::string &Source) {
  Dataset D;
  D.Source = Source;
  for (const std::string &Name : Files) {
    D.Names.push_back(stem(Name));
    D.Columns.push_back(readNpy(join(Dir, Name)));
  }
  checkSampleCounts(D);
  return D;
}

Dataset loadDirectory(const std::string &Dir, const std::string &Split) {
  bool Train = Split == "train";
  std::string Mnist = Train ? "train" : "t10k";
  std::string Images = join(Dir, Mnist + "-images-idx3-ubyte");
  std::string Labels = join(Dir, Mnist + "-labels-idx1-ubyte");
  bool HasImages = isFile(Images), HasLabels = isFile(Labels);
  if (HasImages != HasLabels)
    throw Error("the MNIST dataset in " + quote(Dir) + " is incomplete: " +
                quote(HasImages ? Images : Labels) + " is there but " +
                quote(HasImages ? Labels : Images) + " is not");
  if (HasImages)
    return loadMnist(Dir, Images, Labels, Split);

  std::vector<std::string> Cifar;
  if (Train) {
    for (int I = 1; I <= CifarTrainBatches; ++I)
      if (isFile(join(Dir, "data_batch_" + std::to_string(I) + ".bin")))
        Cifar.push_back(join(Dir, "data_batch_" + std::to_string(I) + ".bin"));
  } else if (isFile(join(Dir, "test_batch.bin"))) {
    Cifar.push_back(join(Dir, "test_batch.bin"));
  }
  if (!Cifar.empty())
    return loadCifar(Dir, Cifar, Split);

  std::string Csv = join(Dir, Split + ".csv");
  if (isFile(Csv))
    return loadCsv(Csv, quote(Csv) + " (CSV, " + Split + ")");

  std::string SplitDir = join(Dir, Split);
  if (isDirectory(SplitDir)) {
    std::vector<std::string> Files = npyFilesIn(SplitDir);
    if (Files.empty())
      throw Error("the split directory " + quote(SplitDir) +
                  " holds no .npy files");
    return loadNpyFiles(SplitDir, Files, quote(SplitDir) + " (.npy files)");
  }
  std::vector<std::string> Files = npyFilesIn(Dir);
  if (!Files.empty())
    return loadNpyFiles(Dir, Files, quote(Dir) + " (.npy files)");

  std::string Message = "no " + Split + " split of a dataset in " + quote(Dir) +
                        ": looked for MNIST " +
                        quote(Mnist + "-images-idx3-ubyte") + " and " +
                        quote(Mnist + "-labels-idx1-ubyte") + ", CIFAR-10 " +
                        (Train ? "'data_batch_1.bin' ... 'data_batch_5.bin'"
                               : "'test_batch.bin'") +
                        ", " + quote(Split + ".csv") + ", and .npy files in " +
                        quote(SplitDir) + " or in the directory itself";
  for (const std::string &Path : {Images, Labels})
    if (isFile(Path + ".gz"))
      Message += "; " + quote(Path + ".gz") +
                 " is compressed: decompress it with gunzip";
  throw Error(Message);
}

} // namespace

int64_t Dataset::size() const {
  return Columns.empty() || Columns[0].rank() == 0 ? 0 : Columns[0].shape()[0];
}

const Tensor &Dataset::column(const std::string &Name) const {
  for (size_t I = 0; I < Names.size() && I < Columns.size(); ++I)
    if (Names[I] == Name)
      return Columns[I];
  std::string Known;
  for (const std::string &N : Names)
    Known += (Known.empty() ? "'" : ", '") + N + "'";
  throw Error("dataset " + Source + " has no column '" + Name +
              "'; its columns are " + (Known.empty() ? "none" : Known));
}

Dataset loadDataset(const std::string &Path, const std::string &Split) {
  if (Split != "train" && Split != "test")
    throw Error("unknown dataset split '" + Split +
                "'; expected 'train' or 'test'");
  struct stat St;
  if (::stat(Path.c_str(), &St) != 0)
    throw Error("cannot load a dataset from " + quote(Path) + ": " +
                systemErrorText(errno));
  if (S_ISDIR(St.st_mode))
    return loadDirectory(Path, Split);
  if (endsWith(Path, ".csv"))
    return loadCsv(Path, quote(Path) + " (CSV)");
  if (endsWith(Path, ".npy")) {
    Dataset D;
    D.Source = quote(Path) + " (.npy)";
    D.Names.push_back(stem(Path));
    D.Columns.push_back(readNpy(Path));
    checkSampleCounts(D);
    return D;
  }
  throw Error("cannot load a dataset from " + quote(Path) +
              ": expected a directory (of MNIST IDX files, CIFAR-10 batches, "
              "train.csv and test.csv, or .npy files), a .csv file or a .npy "
              "file");
}

bool hasOwnSplit(const std::string &Path, const std::string &Split) {
  if (!isDirectory(Path))
    return false;
  bool Train = Split == "train";
  std::string Mnist = Train ? "train" : "t10k";
  bool HasCifar = false;
  if (Train)
    for (int I = 1; I <= CifarTrainBatches; ++I)
      HasCifar |=
          isFile(join(Path, "data_batch_" + std::to_string(I) + ".bin"));
  else
    HasCifar = isFile(join(Path, "test_batch.bin"));
  return (isFile(join(Path, Mnist + "-images-idx3-ubyte")) &&
          isFile(join(Path, Mnist + "-labels-idx1-ubyte"))) ||
         HasCifar || isFile(join(Path, Split + ".csv")) ||
         isDirectory(join(Path, Split));
}

Dataset takeRows(const Dataset &D, const std::vector<int64_t> &Rows) {
  checkSampleCounts(D);
  int64_t N = D.size();
  for (int64_t Row : Rows)
    if (Row < 0 || Row >= N)
      throw Error("row " + std::to_string(Row) + " is out of range for the " +
                  std::to_string(N) + " samples of " + D.Source);
  Dataset Out;
  Out.Names = D.Names;
  Out.Source = D.Source;
  int64_t Count = static_cast<int64_t>(Rows.size());
  for (const Tensor &In : D.Columns) {
    std::vector<int64_t> Shape = In.shape();
    Shape[0] = Count;
    Tensor Column(In.dtype(), Shape);
    size_t RowBytes = N ? In.byteSize() / static_cast<size_t>(N) : 0;
    const auto *Src = static_cast<const unsigned char *>(In.data());
    auto *Dst = static_cast<unsigned char *>(Column.data());
    if (RowBytes)
      for (int64_t I = 0; I < Count; ++I)
        std::memcpy(Dst + I * RowBytes, Src + Rows[I] * RowBytes, RowBytes);
    Out.Columns.push_back(std::move(Column));
  }
  return Out;
}

} // namespace dlc::rt
