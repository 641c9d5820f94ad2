//===- BitmapFontTest.cpp - Tests of the built-in chart font --------------===//
#include "runtime/BitmapFont.h"
#include "test/unit/TestUtil.h"

#include <set>
#include <vector>

using namespace dlc::rt;

namespace {

std::vector<uint8_t> rowsOf(char C) {
  const uint8_t *Rows = glyphRows(C);
  return std::vector<uint8_t>(Rows, Rows + GlyphHeight);
}

} // namespace

TEST(BitmapFontTest, EveryPrintableCharacterHasItsOwnGlyph) {
  std::set<std::vector<uint8_t>> Seen;
  std::string Descenders;
  for (int C = 32; C <= 126; ++C) {
    SCOPED_TRACE(std::string("character '") + char(C) + "'");
    std::vector<uint8_t> Rows = rowsOf(static_cast<char>(C));
    int Pixels = 0;
    for (uint8_t Row : Rows) {
      EXPECT_LT(Row, 1 << GlyphWidth) << "wider than the glyph";
      Pixels += __builtin_popcount(Row);
    }
    if (C == ' ')
      EXPECT_EQ(Pixels, 0);
    else
      EXPECT_GE(Pixels, 2);
    EXPECT_TRUE(Seen.insert(Rows).second) << "same glyph as another";
    if (Rows[GlyphHeight - 1])
      Descenders += static_cast<char>(C);
  }
  // Only the lower-case descenders use the last row ('_' sits on the
  // baseline, row 6).
  EXPECT_EQ(Descenders, "gjpqy");
}

TEST(BitmapFontTest, OtherBytesAreQuestionMarks) {
  for (char C : {'\0', '\n', '\x7f', '\x80', '\xff'})
    EXPECT_EQ(rowsOf(C), rowsOf('?'));
  EXPECT_NE(rowsOf('0'), rowsOf('O'));
  // Spot-check a glyph against its picture: 'T' is a bar and a stem.
  EXPECT_EQ(rowsOf('T'), (std::vector<uint8_t>{0x1F, 0x04, 0x04, 0x04, 0x04,
                                               0x04, 0x04, 0}));
}
