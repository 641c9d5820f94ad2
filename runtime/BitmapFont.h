//===- BitmapFont.h - A 5x8 pixel font for printable ASCII ------*- C++ -*-===//
#ifndef DLC_RUNTIME_BITMAPFONT_H
#define DLC_RUNTIME_BITMAPFONT_H

#include <cstdint>

namespace dlc::rt {

/// The width of a glyph in pixels.
inline constexpr int GlyphWidth = 5;
/// The height of a glyph in pixels: 7 above the baseline and one for the
/// descenders of g, j, p, q and y.
inline constexpr int GlyphHeight = 8;

/// The GlyphHeight rows of the glyph for `C`, top first; bit 4 of a row is
/// its leftmost pixel, bit 0 its rightmost. Printable ASCII (32 to 126) has
/// its own glyphs; any other byte is drawn as '?'.
const uint8_t *glyphRows(char C);

} // namespace dlc::rt

#endif // DLC_RUNTIME_BITMAPFONT_H
