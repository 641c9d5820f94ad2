//===- PngWriter.h - Writing 8-bit RGB PNG images ---------------*- C++ -*-===//
#ifndef DLC_RUNTIME_PNGWRITER_H
#define DLC_RUNTIME_PNGWRITER_H

#include <cstdint>
#include <string>
#include <vector>

namespace dlc::rt {

/// Writes a `Width` x `Height` image as an 8-bit RGB PNG, atomically. `Rgb`
/// holds the pixels row by row from the top, three bytes (R, G, B) each.
/// Throws Error naming the path if a dimension is not positive, if `Rgb` does
/// not hold exactly Width * Height * 3 bytes, or if the file cannot be
/// written.
void writePng(const std::string &Path, int Width, int Height,
              const std::vector<uint8_t> &Rgb);

} // namespace dlc::rt

#endif // DLC_RUNTIME_PNGWRITER_H
