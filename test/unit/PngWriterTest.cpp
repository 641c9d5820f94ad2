//===- PngWriterTest.cpp - Tests of the PNG writer ------------------------===//
#include "runtime/PngWriter.h"
#include "test/unit/PngTestUtil.h"
#include "test/unit/TestUtil.h"

#include <algorithm>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

/// Pixels from a linear congruential generator: distinct in every channel and
/// hard to compress, so that nothing passes by luck.
std::vector<uint8_t> noise(size_t Count, uint32_t Seed) {
  std::vector<uint8_t> Bytes(Count);
  for (uint8_t &B : Bytes) {
    Seed = Seed * 1664525u + 1013904223u;
    B = static_cast<uint8_t>(Seed >> 24);
  }
  return Bytes;
}

} // namespace

TEST(PngWriterTest, RoundTripsPixelsAndHeader) {
  TempDir Dir;
  std::string Path = Dir.path("small.png");
  std::vector<uint8_t> Rgb = noise(7 * 5 * 3, 1);
  writePng(Path, 7, 5, Rgb);
  std::string Bytes = readBytes(Path);
  EXPECT_EQ(Bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  // IHDR comes first at a fixed place: length 13, then the type.
  EXPECT_EQ(Bytes.substr(8, 8), std::string("\0\0\0\x0dIHDR", 8));
  DecodedPng Png = decodePng(Bytes);
  EXPECT_EQ(Png.Width, 7u);
  EXPECT_EQ(Png.Height, 5u);
  EXPECT_EQ(Png.BitDepth, 8);
  EXPECT_EQ(Png.ColorType, 2);
  EXPECT_EQ(Png.Compression, 0);
  EXPECT_EQ(Png.Filter, 0);
  EXPECT_EQ(Png.Interlace, 0);
  EXPECT_EQ(Png.Chunks, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  EXPECT_EQ(Png.RowFilters, std::vector<int>(5, 0));
  EXPECT_EQ(Png.Rgb, Rgb);
  // Written atomically: no temporary file is left beside it.
  EXPECT_EQ(Dir.list(), std::vector<std::string>{"small.png"});
}

TEST(PngWriterTest, SplitsLargeImagesIntoSeveralIdatChunks) {
  TempDir Dir;
  std::string Path = Dir.path("large.png");
  // Noise does not compress, so the stream exceeds one 64 KiB chunk.
  std::vector<uint8_t> Rgb = noise(300 * 200 * 3, 7);
  writePng(Path, 300, 200, Rgb);
  DecodedPng Png = decodePng(readBytes(Path));
  EXPECT_GT(std::count(Png.Chunks.begin(), Png.Chunks.end(), "IDAT"), 1);
  EXPECT_EQ(Png.Width, 300u);
  EXPECT_EQ(Png.Height, 200u);
  EXPECT_EQ(Png.Rgb, Rgb);
}

TEST(PngWriterTest, CompressesFlatImages) {
  TempDir Dir;
  std::string Path = Dir.path("flat.png");
  std::vector<uint8_t> Rgb(400 * 300 * 3, 200);
  writePng(Path, 400, 300, Rgb);
  std::string Bytes = readBytes(Path);
  EXPECT_LT(Bytes.size(), 2000u); // 360 kB of pixels
  EXPECT_EQ(decodePng(Bytes).Rgb, Rgb);
  // A 1x1 image is the smallest case.
  writePng(Path, 1, 1, {1, 2, 3});
  EXPECT_EQ(decodePng(readBytes(Path)).Rgb, (std::vector<uint8_t>{1, 2, 3}));
}

TEST(PngWriterTest, RejectsBadSizesNamingThePath) {
  TempDir Dir;
  std::string Path = Dir.path("bad.png");
  EXPECT_CONTAINS(errorOf([&] { writePng(Path, 0, 2, {}); }),
                  "cannot write '" + Path +
                      "': the image size 0x2 is not "
                      "positive");
  EXPECT_CONTAINS(errorOf([&] { writePng(Path, 2, -1, {}); }), "2x-1");
  EXPECT_CONTAINS(
      errorOf([&] { writePng(Path, 2, 2, std::vector<uint8_t>(11)); }),
      "a 2x2 RGB image has 12 bytes, but 11 were given");
  EXPECT_CONTAINS(
      errorOf([&] { writePng(Path, 2, 2, std::vector<uint8_t>(13)); }),
      "but 13 were given");
  EXPECT_CONTAINS(errorOf([&] {
                    writePng(Dir.path("missing/x.png"), 1, 1, {0, 0, 0});
                  }),
                  "cannot write");
  EXPECT_TRUE(Dir.list().empty());
}
