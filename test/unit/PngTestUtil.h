//===- PngTestUtil.h - A strict PNG decoder for the tests -------*- C++ -*-===//
#ifndef DLC_TEST_UNIT_PNGTESTUTIL_H
#define DLC_TEST_UNIT_PNGTESTUTIL_H

#include <cstdint>
#include <string>
#include <vector>

namespace dlc::rt::test {

/// What decodePng found in a file.
struct DecodedPng {
  /// The IHDR fields.
  uint32_t Width = 0, Height = 0;
  int BitDepth = 0, ColorType = 0, Compression = 0, Filter = 0, Interlace = 0;
  /// The chunk types in file order ("IHDR", "IDAT", ..., "IEND").
  std::vector<std::string> Chunks;
  /// The filter type byte of each scanline.
  std::vector<int> RowFilters;
  /// Width * Height * 3 bytes of RGB, row by row from the top.
  std::vector<uint8_t> Rgb;
};

/// Decodes an 8-bit RGB, non-interlaced PNG, checking the signature, every
/// chunk's length and CRC, the chunk order, the zlib stream (with zlib's own
/// inflate) and every scanline filter. Adds a test failure and returns what
/// it got so far on any violation.
DecodedPng decodePng(const std::string &Bytes);

} // namespace dlc::rt::test

#endif // DLC_TEST_UNIT_PNGTESTUTIL_H
