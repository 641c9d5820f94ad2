//===- Safetensors.cpp - Reading and writing safetensors files ------------===//
//
// Layout: an 8-byte little-endian header size N, N bytes of JSON
// {"__metadata__": {str: str}, NAME: {"dtype": "F32", "shape": [2, 3],
// "data_offsets": [BEGIN, END]}, ...}, then the data section, which the
// [BEGIN, END) ranges (relative to its start) must tile exactly.
//
//===----------------------------------------------------------------------===//
#include "runtime/Safetensors.h"

#include "runtime/Error.h"
#include "runtime/FileIO.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>
#include <set>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the safetensors reader assumes a little-endian host");

namespace dlc::rt {
namespace {

using nlohmann::json;

/// The reference implementation's limit on the header size.
constexpr uint64_t MaxHeaderSize = 100'000'000;
constexpr const char *MetadataKey = "__metadata__";

struct DTypeName {
  const char *Name;
  DType Type;
};

constexpr DTypeName DTypeNames[] = {
    {"F32", DType::F32},   {"F64", DType::F64}, {"F16", DType::F16},
    {"BF16", DType::BF16}, {"I32", DType::I32}, {"I64", DType::I64},
    {"BOOL", DType::Bool}, {"U8", DType::U8},   {"I8", DType::I8},
};

const char *safetensorsName(DType Type) {
  for (const DTypeName &D : DTypeNames)
    if (D.Type == Type)
      return D.Name;
  return "?";
}

/// One tensor of the header, validated except for its place in the layout.
struct Entry {
  std::string Name;
  DType Type;
  std::vector<int64_t> Shape;
  uint64_t Begin, End;
};

class HeaderReader {
  /// The format needs 3 levels (header, tensor entry, shape); a little slack
  /// for __metadata__ producers that nest.
  static constexpr int MaxHeaderDepth = 8;

public:
  explicit HeaderReader(const std::string &Path) : Path(Path) {}

  [[noreturn]] void fail(const std::string &What) const {
    throw Error("'" + Path + "' is not a valid safetensors file: " + What);
  }

  /// Parses the JSON, rejecting duplicate keys at any depth (nlohmann would
  /// silently keep the last one) and nesting deeper than the format uses (a
  /// hostile header could otherwise exhaust the stack of recursive code).
  json parse(const std::string &Text) const {
    std::vector<std::set<std::string>> Keys;
    auto Callback = [&](int Depth, json::parse_event_t Event, json &Parsed) {
      if (Depth > MaxHeaderDepth)
        fail("the header nests deeper than " + std::to_string(MaxHeaderDepth) +
             " levels");
      if (Event == json::parse_event_t::object_start) {
        Keys.emplace_back();
      } else if (Event == json::parse_event_t::object_end) {
        Keys.pop_back();
      } else if (Event == json::parse_event_t::key) {
        const std::string &Key = Parsed.get_ref<const std::string &>();
        if (!Keys.back().insert(Key).second)
          fail("duplicate key '" + printable(Key) + "' in the header");
      }
      return true;
    };
    try {
      return json::parse(Text, Callback);
    } catch (const json::exception &E) {
      fail(std::string("the header is not valid JSON: ") + printable(E.what()));
    }
  }

  /// A bounded rendering of a value for a message: scalars as JSON (long
  /// strings cut), arrays and objects by kind only.
  static std::string brief(const json &V) {
    if (V.is_structured())
      return std::string("a JSON ") + V.type_name();
    std::string Text = V.dump();
    return Text.size() > 64 ? Text.substr(0, 61) + "..." : Text;
  }

  uint64_t unsignedValue(const json &V, const std::string &What) const {
    if (!V.is_number_unsigned() ||
        V.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
      fail(What + " must be a non-negative integer, got " + brief(V));
    return V.get<uint64_t>();
  }

  Entry entry(const std::string &Name, const json &V) const {
    std::string Where = "tensor '" + Name + "'";
    if (!V.is_object())
      fail(Where + " is not a JSON object");
    for (const char *Field : {"dtype", "shape", "data_offsets"})
      if (!V.contains(Field))
        fail(Where + " has no '" + Field + "'");
    Entry E;
    E.Name = Name;
    const json &DTypeJson = V["dtype"];
    if (!DTypeJson.is_string())
      fail(Where + ": dtype must be a string, got " + brief(DTypeJson));
    std::string DTypeText = DTypeJson.get<std::string>();
    auto It =
        std::find_if(std::begin(DTypeNames), std::end(DTypeNames),
                     [&](const DTypeName &D) { return DTypeText == D.Name; });
    if (It == std::end(DTypeNames))
      fail(Where + " has unsupported dtype '" + DTypeText +
           "' (supported: F32 F64 F16 BF16 I32 I64 BOOL U8 I8)");
    E.Type = It->Type;
    const json &Shape = V["shape"];
    if (!Shape.is_array())
      fail(Where + ": shape must be an array, got " + brief(Shape));
    for (const json &Dim : Shape)
      E.Shape.push_back(
          static_cast<int64_t>(unsignedValue(Dim, Where + ": each dimension")));
    const json &Offsets = V["data_offsets"];
    if (!Offsets.is_array() || Offsets.size() != 2)
      fail(Where + ": data_offsets must be [begin, end], got " +
           brief(Offsets));
    E.Begin = unsignedValue(Offsets[0], Where + ": data_offsets begin");
    E.End = unsignedValue(Offsets[1], Where + ": data_offsets end");
    if (E.Begin > E.End)
      fail(Where + ": data_offsets [" + std::to_string(E.Begin) + ", " +
           std::to_string(E.End) + "] end before they begin");
    int64_t Numel;
    try {
      Numel = checkedNumel(E.Shape, E.Type, Where);
    } catch (const Error &Err) {
      fail(Err.what());
    }
    uint64_t Bytes = static_cast<uint64_t>(Numel) * dtypeSize(E.Type);
    if (E.End - E.Begin != Bytes)
      fail(Where + ": data_offsets [" + std::to_string(E.Begin) + ", " +
           std::to_string(E.End) + "] hold " + std::to_string(E.End - E.Begin) +
           " bytes but " + dtypeName(E.Type) + formatShape(E.Shape) +
           " needs " + std::to_string(Bytes));
    return E;
  }

  std::map<std::string, std::string> metadata(const json &V) const {
    std::map<std::string, std::string> Result;
    if (!V.is_object())
      fail("__metadata__ must be an object of strings, got " + brief(V));
    for (auto It = V.begin(); It != V.end(); ++It) {
      if (!It.value().is_string())
        fail("__metadata__ value of '" + It.key() + "' must be a string, got " +
             brief(It.value()));
      Result[It.key()] = It.value().get<std::string>();
    }
    return Result;
  }

  /// Checks that the ranges tile [0, DataSize) exactly.
  void checkLayout(std::vector<Entry *> Entries, uint64_t DataSize) const {
    std::sort(Entries.begin(), Entries.end(),
              [](const Entry *A, const Entry *B) {
                return std::tie(A->Begin, A->End) < std::tie(B->Begin, B->End);
              });
    uint64_t Expected = 0;
    const Entry *Previous = nullptr;
    for (const Entry *E : Entries) {
      std::string Range = " (bytes " + std::to_string(E->Begin) + ".." +
                          std::to_string(E->End) + ")";
      if (E->End > DataSize)
        fail("tensor '" + E->Name + "'" + Range + " runs past the end of the " +
             std::to_string(DataSize) + "-byte data section");
      if (E->Begin < Expected)
        fail("tensor '" + E->Name + "'" + Range + " overlaps tensor '" +
             Previous->Name + "' (bytes " + std::to_string(Previous->Begin) +
             ".." + std::to_string(Previous->End) + ")");
      if (E->Begin > Expected)
        fail("bytes " + std::to_string(Expected) + ".." +
             std::to_string(E->Begin) +
             " of the data section belong to no tensor (before tensor '" +
             E->Name + "')");
      Expected = E->End;
      Previous = E;
    }
    if (Expected != DataSize)
      fail("bytes " + std::to_string(Expected) + ".." +
           std::to_string(DataSize) +
           " at the end of the data section belong to no tensor");
  }

private:
  const std::string &Path;
};

} // namespace

SafetensorsContents readSafetensors(const std::string &Path) {
  InputFile File(Path);
  HeaderReader Reader(Path);
  if (File.size() < 8)
    Reader.fail("the file has " + std::to_string(File.size()) +
                " bytes, too few for the 8-byte header size");
  unsigned char SizeBytes[8];
  File.read(0, SizeBytes, 8, "the header size");
  uint64_t HeaderSize = 0;
  for (int I = 7; I >= 0; --I)
    HeaderSize = HeaderSize << 8 | SizeBytes[I];
  if (HeaderSize > MaxHeaderSize)
    Reader.fail("header size " + std::to_string(HeaderSize) +
                " exceeds the limit of " + std::to_string(MaxHeaderSize));
  if (HeaderSize > File.size() - 8)
    Reader.fail("header size " + std::to_string(HeaderSize) +
                " runs past the end of the " + std::to_string(File.size()) +
                "-byte file");
  std::string Text(HeaderSize, '\0');
  File.read(8, Text.data(), Text.size(), "the header");
  if (Text.empty() || Text[0] != '{')
    Reader.fail("the header does not start with '{'");
  json Header = Reader.parse(Text);
  if (!Header.is_object())
    Reader.fail("the header is not a JSON object");

  SafetensorsContents Result;
  std::vector<Entry> Entries;
  for (auto It = Header.begin(); It != Header.end(); ++It) {
    if (It.key() == MetadataKey)
      Result.Metadata = Reader.metadata(It.value());
    else
      Entries.push_back(Reader.entry(It.key(), It.value()));
  }
  std::vector<Entry *> Pointers;
  for (Entry &E : Entries)
    Pointers.push_back(&E);
  uint64_t DataStart = 8 + HeaderSize;
  Reader.checkLayout(Pointers, File.size() - DataStart);

  for (const Entry &E : Entries) {
    Tensor T(E.Type, E.Shape);
    std::string What = "the data of tensor '" + E.Name + "'";
    File.read(DataStart + E.Begin, T.data(), T.byteSize(), What.c_str());
    Result.Tensors.emplace(E.Name, std::move(T));
  }
  return Result;
}

void writeSafetensors(const std::string &Path,
                      const std::map<std::string, Tensor> &Tensors,
                      const std::map<std::string, std::string> &Metadata) {
  using OrderedJson = nlohmann::ordered_json;
  OrderedJson Header = OrderedJson::object();
  if (!Metadata.empty()) {
    OrderedJson Meta = OrderedJson::object();
    for (const auto &[Key, Value] : Metadata)
      Meta[Key] = Value;
    Header[MetadataKey] = std::move(Meta);
  }
  uint64_t Offset = 0;
  for (const auto &[Name, T] : Tensors) {
    if (Name == MetadataKey)
      throw Error("cannot write '" + Path + "': a tensor may not be named " +
                  MetadataKey);
    OrderedJson Entry = OrderedJson::object();
    Entry["dtype"] = safetensorsName(T.dtype());
    Entry["shape"] = T.shape();
    Entry["data_offsets"] = OrderedJson::array({Offset, Offset + T.byteSize()});
    Header[Name] = std::move(Entry);
    Offset += T.byteSize();
  }
  std::string Text;
  try {
    Text = Header.dump();
  } catch (const OrderedJson::exception &E) {
    throw Error("cannot write '" + Path +
                "': a tensor name or metadata string is not valid UTF-8");
  }
  // Spaces, not NULs, pad the header to 8 bytes so the data is aligned and
  // the header is still valid JSON.
  Text.append((8 - Text.size() % 8) % 8, ' ');

  unsigned char SizeBytes[8];
  for (int I = 0; I < 8; ++I)
    SizeBytes[I] = static_cast<unsigned char>(uint64_t(Text.size()) >> (8 * I));
  AtomicFileWriter Out(Path);
  Out.write(SizeBytes, sizeof SizeBytes);
  Out.write(Text.data(), Text.size());
  for (const auto &[Name, T] : Tensors)
    Out.write(T.data(), T.byteSize());
  Out.commit();
}

} // namespace dlc::rt
