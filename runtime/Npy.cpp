//===- Npy.cpp - Reading and writing NumPy .npy files ---------------------===//
//
// The format is NumPy's NEP 1: a magic string, a version, a little-endian
// header length, and a header that is a Python dict literal
// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } padded with
// spaces and a newline so that the data starts on a 64-byte boundary.
//
//===----------------------------------------------------------------------===//
#include "runtime/Npy.h"

#include "runtime/Error.h"
#include "runtime/FileIO.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <string_view>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the .npy reader assumes a little-endian host");

namespace dlc::rt {
namespace {

constexpr char Magic[] = "\x93NUMPY";
constexpr size_t MagicLen = 6;
/// Far above any real header (NumPy itself caps them at 10 kB by default),
/// but it stops a corrupt length from allocating gigabytes.
constexpr uint64_t MaxHeaderLen = 1 << 20;

struct NpyHeader {
  std::string Descr;
  bool FortranOrder = false;
  std::vector<int64_t> Shape;
};

/// A recursive-descent parser for the subset of Python literals NumPy writes.
class HeaderParser {
public:
  HeaderParser(std::string_view Text, const std::string &Path)
      : Text(Text), Path(Path) {}

  NpyHeader parse() {
    NpyHeader Header;
    bool HasDescr = false, HasOrder = false, HasShape = false;
    skipSpace();
    expect('{');
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string Key = parseString();
      skipSpace();
      expect(':');
      skipSpace();
      if (Key == "descr" && !HasDescr) {
        if (peek() == '[')
          fail("structured dtypes are not supported");
        Header.Descr = parseString();
        HasDescr = true;
      } else if (Key == "fortran_order" && !HasOrder) {
        Header.FortranOrder = parseBool();
        HasOrder = true;
      } else if (Key == "shape" && !HasShape) {
        Header.Shape = parseShape();
        HasShape = true;
      } else {
        fail("unexpected or repeated key '" + printable(Key) + "'");
      }
      skipSpace();
      if (consume('}'))
        break;
      expect(',');
    }
    skipSpace();
    if (Pos != Text.size())
      fail("unexpected text after the dictionary");
    if (!HasDescr || !HasOrder || !HasShape)
      fail(std::string("missing key '") +
           (!HasDescr   ? "descr"
            : !HasOrder ? "fortran_order"
                        : "shape") +
           "'");
    return Header;
  }

private:
  [[noreturn]] void fail(const std::string &What) const {
    throw Error("'" + Path + "' has a malformed .npy header: " + What +
                " (at byte " + std::to_string(Pos) + " of the header)");
  }

  char peek() const { return Pos < Text.size() ? Text[Pos] : '\0'; }

  void skipSpace() {
    while (Pos < Text.size() &&
           std::isspace(static_cast<unsigned char>(Text[Pos])))
      ++Pos;
  }

  bool consume(char C) {
    if (peek() != C)
      return false;
    ++Pos;
    return true;
  }

  void expect(char C) {
    if (!consume(C))
      fail(std::string("expected '") + C + "'");
  }

  std::string parseString() {
    char Quote = peek();
    if (Quote != '\'' && Quote != '"')
      fail("expected a quoted string");
    ++Pos;
    size_t End = Text.find(Quote, Pos);
    if (End == std::string_view::npos)
      fail("unterminated string");
    std::string S(Text.substr(Pos, End - Pos));
    Pos = End + 1;
    return S;
  }

  bool parseBool() {
    if (Text.substr(Pos, 4) == "True") {
      Pos += 4;
      return true;
    }
    if (Text.substr(Pos, 5) == "False") {
      Pos += 5;
      return false;
    }
    fail("expected True or False");
  }

  int64_t parseInt() {
    if (!std::isdigit(static_cast<unsigned char>(peek())))
      fail("expected a non-negative integer");
    int64_t V = 0;
    while (std::isdigit(static_cast<unsigned char>(peek()))) {
      if (__builtin_mul_overflow(V, 10, &V) ||
          __builtin_add_overflow(V, Text[Pos] - '0', &V))
        fail("dimension too large");
      ++Pos;
    }
    consume('L'); // Python 2 wrote long integers as 3L
    return V;
  }

  /// "()", "(3,)" or "(3, 4)"; a trailing comma is optional after the last.
  std::vector<int64_t> parseShape() {
    std::vector<int64_t> Shape;
    expect('(');
    while (true) {
      skipSpace();
      if (consume(')'))
        return Shape;
      Shape.push_back(parseInt());
      skipSpace();
      if (consume(')'))
        return Shape;
      expect(',');
    }
  }

  std::string_view Text;
  const std::string &Path;
  size_t Pos = 0;
};

struct DescrEntry {
  const char *Code; // without the byte-order character
  DType Type;
};

constexpr DescrEntry Descrs[] = {
    {"f4", DType::F32}, {"f8", DType::F64}, {"f2", DType::F16},
    {"i4", DType::I32}, {"i8", DType::I64}, {"b1", DType::Bool},
    {"u1", DType::U8},  {"i1", DType::I8},
};

DType dtypeFromDescr(const std::string &Descr, const std::string &Path) {
  std::string Code = Descr.size() > 1 ? Descr.substr(1) : "";
  char Order = Descr.empty() ? '\0' : Descr[0];
  for (const DescrEntry &E : Descrs) {
    if (Code != E.Code)
      continue;
    if (dtypeSize(E.Type) == 1 && std::strchr("|<>=", Order))
      return E.Type;
    if (Order == '>')
      throw Error("'" + Path + "' holds big-endian data ('" + Descr +
                  "'), which is not supported; convert with "
                  "arr.astype(arr.dtype.newbyteorder('<'))");
    if (Order == '<' || Order == '=')
      return E.Type;
  }
  throw Error("'" + Path + "' has unsupported dtype '" + printable(Descr) +
              "' (supported: f4 f8 f2 i4 i8 b1 u1 i1, little-endian)");
}

const char *descrOf(DType Type) {
  switch (Type) {
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::F16:
    return "<f2";
  case DType::I32:
    return "<i4";
  case DType::I64:
    return "<i8";
  case DType::Bool:
    return "|b1";
  case DType::U8:
    return "|u1";
  case DType::I8:
    return "|i1";
  case DType::BF16:
    break;
  }
  return nullptr;
}

std::string shapeTuple(const std::vector<int64_t> &Shape) {
  std::string S = "(";
  for (size_t I = 0; I < Shape.size(); ++I)
    S += (I ? ", " : "") + std::to_string(Shape[I]);
  return S + (Shape.size() == 1 ? ",)" : ")");
}

} // namespace

Tensor readNpy(const std::string &Path) {
  InputFile File(Path);
  unsigned char Pre[12];
  if (File.size() < 10)
    throw Error("'" + Path + "' is not a .npy file: it has only " +
                std::to_string(File.size()) + " bytes");
  File.read(0, Pre, 10, "the preamble");
  if (std::memcmp(Pre, Magic, MagicLen) != 0)
    throw Error("'" + Path + "' is not a .npy file: bad magic");
  unsigned Major = Pre[6], Minor = Pre[7];
  if (Major < 1 || Major > 3 || Minor != 0)
    throw Error("'" + Path + "' has .npy format version " +
                std::to_string(Major) + "." + std::to_string(Minor) +
                "; supported are 1.0, 2.0 and 3.0");
  uint64_t HeaderLen, DataStart;
  if (Major == 1) {
    HeaderLen = Pre[8] | (uint64_t(Pre[9]) << 8);
    DataStart = 10 + HeaderLen;
  } else {
    File.read(0, Pre, 12, "the preamble");
    HeaderLen = Pre[8] | (uint64_t(Pre[9]) << 8) | (uint64_t(Pre[10]) << 16) |
                (uint64_t(Pre[11]) << 24);
    DataStart = 12 + HeaderLen;
  }
  if (HeaderLen > MaxHeaderLen)
    throw Error("'" + Path + "' has an implausible .npy header length of " +
                std::to_string(HeaderLen) + " bytes");
  std::string HeaderText(HeaderLen, '\0');
  File.read(DataStart - HeaderLen, HeaderText.data(), HeaderLen, "the header");
  NpyHeader Header = HeaderParser(HeaderText, Path).parse();
  if (Header.FortranOrder)
    throw Error("'" + Path +
                "' holds a Fortran-order array, which is not "
                "supported; save np.ascontiguousarray(arr) instead");
  DType Type = dtypeFromDescr(Header.Descr, Path);
  // Check the size before allocating, so a corrupt shape cannot ask for more
  // memory than the file could hold.
  int64_t Numel = checkedNumel(Header.Shape, Type, "'" + Path + "'");
  uint64_t Bytes = static_cast<uint64_t>(Numel) * dtypeSize(Type);
  uint64_t Available = File.size() - std::min(File.size(), DataStart);
  std::string What = dtypeName(Type) + formatShape(Header.Shape);
  if (Available < Bytes)
    throw Error("'" + Path + "' is truncated: the " + What + " array needs " +
                std::to_string(Bytes) + " bytes of data but " +
                std::to_string(Available) + " follow the header");
  if (Available > Bytes)
    throw Error("'" + Path + "' has " + std::to_string(Available - Bytes) +
                " unexpected bytes after the data of its " + What + " array");
  Tensor Result(Type, Header.Shape);
  File.read(DataStart, Result.data(), Result.byteSize(), "the data");
  return Result;
}

void writeNpy(const std::string &Path, const Tensor &Value) {
  const char *Descr = descrOf(Value.dtype());
  if (!Descr)
    throw Error("cannot write '" + Path + "': .npy has no " +
                dtypeName(Value.dtype()) + " type");
  std::string Dict =
      std::string("{'descr': '") + Descr +
      "', 'fortran_order': False, 'shape': " + shapeTuple(Value.shape()) +
      ", }";
  // Pad with spaces and end with '\n' so that the data is 64-byte aligned, as
  // NumPy does; switch to format 2.0 only when the length needs 32 bits.
  auto Padded = [&](size_t PreambleLen) {
    size_t Used = PreambleLen + Dict.size() + 1;
    return Dict.size() + 1 + (64 - Used % 64) % 64;
  };
  size_t HeaderLen = Padded(10);
  bool Version2 = HeaderLen > 0xffff;
  if (Version2)
    HeaderLen = Padded(12);
  std::string Header = Dict;
  Header.resize(HeaderLen - 1, ' ');
  Header += '\n';

  std::string Preamble(Magic, MagicLen);
  Preamble += static_cast<char>(Version2 ? 2 : 1);
  Preamble += '\0';
  for (int I = 0; I < (Version2 ? 4 : 2); ++I)
    Preamble += static_cast<char>((HeaderLen >> (8 * I)) & 0xff);

  AtomicFileWriter Out(Path);
  Out.write(Preamble.data(), Preamble.size());
  Out.write(Header.data(), Header.size());
  Out.write(Value.data(), Value.byteSize());
  Out.commit();
}

} // namespace dlc::rt
