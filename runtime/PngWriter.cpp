//===- PngWriter.cpp - Writing 8-bit RGB PNG images -----------------------===//
//
// A PNG is an 8-byte signature and chunks (length, type, data, CRC-32 of type
// and data): IHDR with the size and pixel format, IDAT with the zlib stream of
// the scanlines (each one a filter-type byte and the row's bytes), and IEND.
//
//===----------------------------------------------------------------------===//
#include "runtime/PngWriter.h"

#include "runtime/Error.h"
#include "runtime/FileIO.h"

#include <algorithm>
#include <zlib.h>

namespace dlc::rt {
namespace {

constexpr unsigned char Signature[8] = {0x89, 'P',  'N',  'G',
                                        '\r', '\n', 0x1A, '\n'};
/// The most bytes of one IDAT chunk; any split of the stream is valid.
constexpr size_t IdatBytes = 64 * 1024;

void storeBigEndian32(unsigned char *P, uint32_t V) {
  P[0] = static_cast<unsigned char>(V >> 24);
  P[1] = static_cast<unsigned char>(V >> 16);
  P[2] = static_cast<unsigned char>(V >> 8);
  P[3] = static_cast<unsigned char>(V);
}

/// Deflates scanlines into IDAT chunks written to `Out` as they fill.
class PngEncoder {
public:
  PngEncoder(AtomicFileWriter &Out, const std::string &Path)
      : Out(Out), Path(Path), Buffer(IdatBytes) {
    if (deflateInit(&Stream, Z_DEFAULT_COMPRESSION) != Z_OK)
      throw Error("cannot write '" + Path + "': zlib deflateInit failed");
  }
  ~PngEncoder() { deflateEnd(&Stream); }
  PngEncoder(const PngEncoder &) = delete;
  PngEncoder &operator=(const PngEncoder &) = delete;

  /// Writes one chunk with its length and CRC.
  void chunk(const char *Type, const unsigned char *Data, size_t Len) {
    unsigned char Head[8];
    storeBigEndian32(Head, static_cast<uint32_t>(Len));
    std::copy(Type, Type + 4, Head + 4);
    uLong Crc = crc32(0L, Head + 4, 4);
    if (Len)
      Crc = crc32(Crc, Data, static_cast<uInt>(Len));
    unsigned char Tail[4];
    storeBigEndian32(Tail, static_cast<uint32_t>(Crc));
    Out.write(Head, 8);
    if (Len)
      Out.write(Data, Len);
    Out.write(Tail, 4);
  }

  /// Compresses `Len` bytes; Z_FINISH with the last of them.
  void deflateBytes(const unsigned char *Data, size_t Len, int Flush) {
    // avail_in is an unsigned int; feed a huge row in pieces.
    constexpr size_t MaxPiece = size_t(1) << 30;
    do {
      size_t Piece = std::min(Len, MaxPiece);
      Stream.next_in = const_cast<Bytef *>(Data);
      Stream.avail_in = static_cast<uInt>(Piece);
      Data += Piece;
      Len -= Piece;
      int Mode = Len == 0 ? Flush : Z_NO_FLUSH;
      while (true) {
        Stream.next_out = Buffer.data() + Used;
        Stream.avail_out = static_cast<uInt>(Buffer.size() - Used);
        int Rc = deflate(&Stream, Mode);
        if (Rc == Z_STREAM_ERROR)
          throw Error("cannot write '" + Path + "': zlib deflate failed");
        Used = Buffer.size() - Stream.avail_out;
        bool Full = Stream.avail_out == 0;
        if (Full || Rc == Z_STREAM_END)
          flushIdat();
        if (Mode == Z_FINISH ? Rc == Z_STREAM_END
                             : Stream.avail_in == 0 && !Full)
          break;
      }
    } while (Len > 0);
  }

private:
  void flushIdat() {
    if (Used)
      chunk("IDAT", Buffer.data(), Used);
    Used = 0;
  }

  AtomicFileWriter &Out;
  const std::string &Path;
  z_stream Stream{};
  std::vector<unsigned char> Buffer;
  size_t Used = 0;
};

} // namespace

void writePng(const std::string &Path, int Width, int Height,
              const std::vector<uint8_t> &Rgb) {
  if (Width <= 0 || Height <= 0)
    throw Error("cannot write '" + Path + "': the image size " +
                std::to_string(Width) + "x" + std::to_string(Height) +
                " is not positive");
  size_t RowBytes = static_cast<size_t>(Width) * 3;
  size_t Expected = RowBytes * static_cast<size_t>(Height);
  if (Rgb.size() != Expected)
    throw Error("cannot write '" + Path + "': a " + std::to_string(Width) +
                "x" + std::to_string(Height) + " RGB image has " +
                std::to_string(Expected) + " bytes, but " +
                std::to_string(Rgb.size()) + " were given");

  AtomicFileWriter Out(Path);
  Out.write(Signature, sizeof(Signature));
  PngEncoder Encoder(Out, Path);
  unsigned char Header[13];
  storeBigEndian32(Header, static_cast<uint32_t>(Width));
  storeBigEndian32(Header + 4, static_cast<uint32_t>(Height));
  Header[8] = 8;  // bits per sample
  Header[9] = 2;  // colour type: RGB
  Header[10] = 0; // compression: deflate
  Header[11] = 0; // filter method: adaptive (each row names its filter)
  Header[12] = 0; // no interlace
  Encoder.chunk("IHDR", Header, sizeof(Header));
  // Filter type 0 (none) on every row: charts are flat colours, which
  // deflate already compresses well.
  const unsigned char NoFilter = 0;
  for (int Y = 0; Y < Height; ++Y) {
    Encoder.deflateBytes(&NoFilter, 1, Z_NO_FLUSH);
    Encoder.deflateBytes(Rgb.data() + Y * RowBytes, RowBytes,
                         Y + 1 == Height ? Z_FINISH : Z_NO_FLUSH);
  }
  Encoder.chunk("IEND", nullptr, 0);
  Out.commit();
}

} // namespace dlc::rt
