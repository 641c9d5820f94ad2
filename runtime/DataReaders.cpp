//===- DataReaders.cpp - Readers for MNIST IDX, CIFAR-10 and CSV ----------===//
#include "runtime/DataReaders.h"

#include "runtime/Error.h"
#include "runtime/FileIO.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <locale.h>
#include <string_view>

namespace dlc::rt {
namespace {

//===----------------------------------------------------------------------===//
// IDX
//===----------------------------------------------------------------------===//

constexpr unsigned MaxIdxRank = 8;

struct IdxType {
  unsigned char Code;
  const char *Name;
  size_t FileSize; // bytes per element in the file
  DType Type;      // the tensor's element type
};

constexpr IdxType IdxTypes[] = {
    {0x08, "u8", 1, DType::U8},   {0x09, "i8", 1, DType::I8},
    {0x0B, "i16", 2, DType::I32}, {0x0C, "i32", 4, DType::I32},
    {0x0D, "f32", 4, DType::F32}, {0x0E, "f64", 8, DType::F64},
};

std::string hexByte(unsigned V) {
  char Buf[8];
  std::snprintf(Buf, sizeof(Buf), "0x%02X", V & 0xff);
  return Buf;
}

uint32_t loadBigEndian32(const unsigned char *P) {
  return uint32_t(P[0]) << 24 | uint32_t(P[1]) << 16 | uint32_t(P[2]) << 8 |
         uint32_t(P[3]);
}

/// Reverses the bytes of each `Size`-byte element in place, unless the host
/// is big-endian already.
void bigEndianToHost(void *Data, size_t Count, size_t Size) {
  if constexpr (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)
    return;
  auto *P = static_cast<unsigned char *>(Data);
  for (size_t I = 0; I < Count; ++I, P += Size)
    std::reverse(P, P + Size);
}

/// Widens `Count` big-endian i16 values, which occupy the first half of the
/// i32 buffer `Data`, to host-order i32 in place. Going backwards, element I's
/// destination (bytes 4I..4I+3) lies at or after its source (2I, 2I+1) and
/// after every source still to be read, so nothing is overwritten early.
void widenBigEndianI16(void *Data, size_t Count) {
  auto *Bytes = static_cast<unsigned char *>(Data);
  for (size_t I = Count; I-- > 0;) {
    auto V = static_cast<int16_t>(Bytes[2 * I] << 8 | Bytes[2 * I + 1]);
    int32_t Wide = V;
    std::memcpy(Bytes + 4 * I, &Wide, 4);
  }
}

//===----------------------------------------------------------------------===//
// CSV
//===----------------------------------------------------------------------===//

/// How a cell parses as a number.
enum class CellStatus { Ok, Empty, NotANumber, Hex, NonFinite, OutOfRange };

/// "1 cell", "3 cells".
std::string countOf(size_t N, const char *Noun) {
  return std::to_string(N) + " " + Noun + (N == 1 ? "" : "s");
}

bool isBlank(char C) { return C == ' ' || C == '\t'; }

std::string_view trim(std::string_view S) {
  while (!S.empty() && isBlank(S.front()))
    S.remove_prefix(1);
  while (!S.empty() && isBlank(S.back()))
    S.remove_suffix(1);
  return S;
}

/// A cell of a line: its text without surrounding blanks and its 1-based
/// byte column (of the first non-blank character, or of the cell's start).
struct Cell {
  std::string_view Text;
  size_t Column;
};

std::vector<Cell> splitCells(std::string_view Line) {
  std::vector<Cell> Cells;
  size_t Start = 0;
  while (true) {
    size_t Comma = Line.find(',', Start);
    std::string_view Raw = Line.substr(Start, Comma == std::string_view::npos
                                                  ? std::string_view::npos
                                                  : Comma - Start);
    size_t Lead = 0;
    while (Lead < Raw.size() && isBlank(Raw[Lead]))
      ++Lead;
    Cells.push_back({trim(Raw), Start + std::min(Lead, Raw.size()) + 1});
    if (Comma == std::string_view::npos)
      return Cells;
    Start = Comma + 1;
  }
}

/// The C locale, so that a host program's setlocale cannot change what a
/// decimal point is.
locale_t cLocale() {
  static locale_t Locale = newlocale(LC_ALL_MASK, "C", locale_t(nullptr));
  return Locale;
}

/// Parses a trimmed cell with strtod's grammar, minus hexadecimal numbers,
/// infinities and NaNs.
CellStatus parseNumber(std::string_view Text, double &Value,
                       std::string &Buffer) {
  if (Text.empty())
    return CellStatus::Empty;
  Buffer.assign(Text);
  const char *Begin = Buffer.c_str();
  char *End = nullptr;
  errno = 0;
  Value =
      cLocale() ? strtod_l(Begin, &End, cLocale()) : std::strtod(Begin, &End);
  if (End != Begin + Buffer.size())
    return CellStatus::NotANumber;
  size_t Digits = Buffer[0] == '+' || Buffer[0] == '-' ? 1 : 0;
  if (Buffer.size() > Digits + 1 && Buffer[Digits] == '0' &&
      (Buffer[Digits + 1] == 'x' || Buffer[Digits + 1] == 'X'))
    return CellStatus::Hex;
  if (!std::isfinite(Value))
    return errno == ERANGE ? CellStatus::OutOfRange : CellStatus::NonFinite;
  return CellStatus::Ok;
}

class CsvReader {
public:
  explicit CsvReader(const std::string &Path) : Path(Path) {}

  CsvTable read() {
    InputFile File(Path);
    std::string Text(File.size(), '\0');
    File.read(0, Text.data(), Text.size(), "the text");
    std::string_view Rest = Text;
    if (Rest.substr(0, 3) == "\xEF\xBB\xBF")
      Rest.remove_prefix(3);

    CsvTable Table;
    std::vector<double> Values;
    size_t LineNo = 0, FirstBlank = 0, Rows = 0;
    bool HaveHeader = false;
    while (!Rest.empty()) {
      size_t Newline = Rest.find('\n');
      std::string_view Line = Rest.substr(0, Newline);
      Rest.remove_prefix(Newline == std::string_view::npos ? Rest.size()
                                                           : Newline + 1);
      ++LineNo;
      if (!Line.empty() && Line.back() == '\r')
        Line.remove_suffix(1);
      size_t Cr = Line.find('\r');
      if (Cr != std::string_view::npos)
        fail(LineNo, Cr + 1,
             "carriage return inside a line (lines must end in \\n or "
             "\\r\\n)");
      if (trim(Line).empty()) {
        if (!FirstBlank)
          FirstBlank = LineNo;
        continue;
      }
      if (FirstBlank)
        fail(FirstBlank, 0,
             "blank line inside the data (line " + std::to_string(LineNo) +
                 " follows it); blank lines may only end the file");
      std::vector<Cell> Cells = splitCells(Line);
      if (!HaveHeader) {
        HaveHeader = true;
        if (!isAllNumeric(Cells)) {
          Table.Columns = headerNames(Cells, LineNo);
          continue;
        }
        for (size_t I = 0; I < Cells.size(); ++I)
          Table.Columns.push_back("c" + std::to_string(I));
      }
      if (Cells.size() != Table.Columns.size())
        fail(LineNo, 0,
             "row has " + countOf(Cells.size(), "cell") +
                 " but the table has " +
                 countOf(Table.Columns.size(), "column"));
      for (size_t I = 0; I < Cells.size(); ++I)
        Values.push_back(number(Cells[I], LineNo, Table.Columns[I]));
      ++Rows;
    }
    if (!HaveHeader)
      throw Error("'" + Path + "' is an empty CSV file: it has no header");
    int64_t Cols = static_cast<int64_t>(Table.Columns.size());
    Table.Values = Tensor(DType::F64, {static_cast<int64_t>(Rows), Cols});
    if (!Values.empty())
      std::memcpy(Table.Values.data(), Values.data(),
                  Values.size() * sizeof(double));
    return Table;
  }

private:
  /// Throws "path:line:column: message"; a zero column is left out.
  [[noreturn]] void fail(size_t Line, size_t Column,
                         const std::string &Message) const {
    std::string Where = Path + ":" + std::to_string(Line) + ":";
    if (Column)
      Where += std::to_string(Column) + ":";
    throw Error(Where + " " + Message);
  }

  bool isAllNumeric(const std::vector<Cell> &Cells) {
    double Value;
    for (const Cell &C : Cells) {
      CellStatus S = parseNumber(C.Text, Value, Buffer);
      if (S == CellStatus::Empty || S == CellStatus::NotANumber)
        return false;
    }
    return true;
  }

  std::vector<std::string> headerNames(const std::vector<Cell> &Cells,
                                       size_t LineNo) const {
    std::vector<std::string> Names;
    for (size_t I = 0; I < Cells.size(); ++I) {
      std::string_view Name = Cells[I].Text;
      if (Name.size() >= 2 && Name.front() == '"' && Name.back() == '"')
        Name = trim(Name.substr(1, Name.size() - 2));
      if (Name.empty())
        fail(LineNo, Cells[I].Column,
             "column " + std::to_string(I + 1) + " has an empty name");
      auto Found = std::find(Names.begin(), Names.end(), Name);
      if (Found != Names.end())
        fail(LineNo, Cells[I].Column,
             "column name '" + std::string(Name) + "' repeats column " +
                 std::to_string(Found - Names.begin() + 1));
      Names.emplace_back(Name);
    }
    return Names;
  }

  double number(const Cell &C, size_t LineNo, const std::string &Column) {
    double Value = 0;
    CellStatus Status = parseNumber(C.Text, Value, Buffer);
    if (Status == CellStatus::Ok)
      return Value;
    // A message quotes the start of a long cell only.
    constexpr size_t MaxShown = 40;
    std::string Shown(C.Text.substr(0, MaxShown));
    if (C.Text.size() > MaxShown)
      Shown += "...";
    std::string Quoted = "'" + Shown + "' in column '" + Column + "'";
    switch (Status) {
    case CellStatus::Ok:
      break;
    case CellStatus::Empty:
      fail(LineNo, C.Column, "empty cell in column '" + Column + "'");
    case CellStatus::NotANumber:
      fail(LineNo, C.Column, Quoted + " is not a number");
    case CellStatus::Hex:
      fail(LineNo, C.Column, Quoted + " is hexadecimal, which is not accepted");
    case CellStatus::NonFinite:
      fail(LineNo, C.Column,
           Quoted + " is not finite; NaN and infinity are not accepted");
    case CellStatus::OutOfRange:
      fail(LineNo, C.Column, Quoted + " is out of the range of f64");
    }
    return Value;
  }

  const std::string &Path;
  std::string Buffer; // a NUL-terminated copy of the cell for strtod
};

} // namespace

Tensor readIdx(const std::string &Path) {
  InputFile File(Path);
  if (File.size() < 4)
    throw Error("'" + Path + "' is not an IDX file: it has only " +
                std::to_string(File.size()) + " bytes");
  unsigned char Magic[4];
  File.read(0, Magic, 4, "the magic number");
  if (Magic[0] != 0 || Magic[1] != 0)
    throw Error("'" + Path + "' is not an IDX file: bad magic " +
                hexByte(Magic[0]) + " " + hexByte(Magic[1]) +
                " (an IDX file starts with two zero bytes)");
  const IdxType *Kind = nullptr;
  for (const IdxType &T : IdxTypes)
    if (T.Code == Magic[2])
      Kind = &T;
  if (!Kind)
    throw Error("'" + Path + "' has unknown IDX type code " +
                hexByte(Magic[2]) +
                " (known: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, "
                "0x0E f64)");
  unsigned Rank = Magic[3];
  if (Rank < 1 || Rank > MaxIdxRank)
    throw Error("'" + Path + "' has IDX rank " + std::to_string(Rank) +
                "; supported are 1 to " + std::to_string(MaxIdxRank));
  unsigned char Extents[4 * MaxIdxRank];
  File.read(4, Extents, 4 * Rank, "the extents");
  std::vector<int64_t> Shape;
  for (unsigned I = 0; I < Rank; ++I)
    Shape.push_back(loadBigEndian32(Extents + 4 * I));

  // Check the size before allocating, so a corrupt shape cannot ask for more
  // memory than the file could hold.
  int64_t Numel = checkedNumel(Shape, Kind->Type, "'" + Path + "'");
  uint64_t DataStart = 4 + 4 * Rank;
  uint64_t Bytes = static_cast<uint64_t>(Numel) * Kind->FileSize;
  uint64_t Available = File.size() - DataStart;
  std::string What = Kind->Name + formatShape(Shape);
  if (Available < Bytes)
    throw Error("'" + Path + "' is truncated: the IDX " + What +
                " array needs " + std::to_string(Bytes) +
                " bytes of data but " + std::to_string(Available) +
                " follow the header");
  if (Available > Bytes)
    throw Error("'" + Path + "' has " + std::to_string(Available - Bytes) +
                " unexpected bytes after the data of its IDX " + What +
                " array");

  Tensor Result(Kind->Type, Shape);
  File.read(DataStart, Result.data(), Bytes, "the data");
  size_t Count = static_cast<size_t>(Numel);
  if (Kind->Code == 0x0B)
    widenBigEndianI16(Result.data(), Count);
  else if (Kind->FileSize > 1)
    bigEndianToHost(Result.data(), Count, Kind->FileSize);
  return Result;
}

Cifar10Batch readCifar10(const std::string &Path) {
  constexpr uint64_t ImageBytes = 3 * 32 * 32;
  constexpr uint64_t RecordBytes = 1 + ImageBytes;
  InputFile File(Path);
  uint64_t Size = File.size();
  if (Size == 0 || Size % RecordBytes != 0) {
    std::string Hint;
    if (Size != 0 && Size % (RecordBytes + 1) == 0)
      Hint = "; it may be a CIFAR-100 batch, whose records have two label "
             "bytes";
    throw Error("'" + Path + "' is not a CIFAR-10 batch: its size of " +
                std::to_string(Size) +
                " bytes is not a positive multiple of the 3073-byte record "
                "(1 label byte and 3072 pixel bytes)" +
                Hint);
  }
  int64_t Records = static_cast<int64_t>(Size / RecordBytes);
  Cifar10Batch Batch{Tensor(DType::U8, {Records, 3, 32, 32}),
                     Tensor(DType::U8, {Records})};
  auto *Images = Batch.Images.dataAs<uint8_t>();
  auto *Labels = Batch.Labels.dataAs<uint8_t>();
  // A few hundred records per read: few system calls, a small buffer.
  constexpr int64_t ChunkRecords = 256;
  std::vector<uint8_t> Chunk(std::min(Records, ChunkRecords) * RecordBytes);
  for (int64_t First = 0; First < Records; First += ChunkRecords) {
    int64_t Count = std::min(ChunkRecords, Records - First);
    File.read(First * RecordBytes, Chunk.data(), Count * RecordBytes,
              "the records");
    for (int64_t R = 0; R < Count; ++R) {
      const uint8_t *Record = Chunk.data() + R * RecordBytes;
      int64_t Index = First + R;
      if (Record[0] >= 10)
        throw Error("'" + Path + "': record " + std::to_string(Index) +
                    " (0-based, at byte " +
                    std::to_string(Index * RecordBytes) + ") has label " +
                    std::to_string(Record[0]) + "; CIFAR-10 labels are 0 to 9");
      Labels[Index] = Record[0];
      std::memcpy(Images + Index * ImageBytes, Record + 1, ImageBytes);
    }
  }
  return Batch;
}

CsvTable readCsv(const std::string &Path) { return CsvReader(Path).read(); }

} // namespace dlc::rt
