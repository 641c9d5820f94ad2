//===- Plot.h - Line charts of training curves as PNG images ----*- C++ -*-===//
#ifndef DLC_RUNTIME_PLOT_H
#define DLC_RUNTIME_PLOT_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dlc::rt {

/// One curve: the points (X[I], Y[I]), drawn joined in order.
struct Series {
  /// The legend entry; a series with an empty label has none.
  std::string Label;
  /// The x coordinates, as many as Y.
  std::vector<double> X;
  /// The y coordinates, as many as X.
  std::vector<double> Y;
};

/// One chart: a title, an x axis label, and curves sharing the axes.
struct Chart {
  /// Drawn above the plot; it also says what the y axis is ("loss").
  std::string Title;
  /// Drawn below the x axis ("epoch").
  std::string XLabel;
  /// The curves, coloured seriesColor(0), seriesColor(1), ...
  std::vector<Series> Lines;
};

/// An RGB colour.
using Rgb8 = std::array<uint8_t, 3>;

/// An RGB image, row by row from the top.
struct RgbImage {
  /// The width in pixels.
  int Width = 0;
  /// The height in pixels.
  int Height = 0;
  /// Width * Height * 3 bytes: R, G, B of each pixel.
  std::vector<uint8_t> Pixels;
};

/// The width of a chart image in pixels.
inline constexpr int ChartWidth = 800;
/// The height of each chart in the image, in pixels.
inline constexpr int ChartHeight = 320;
/// The background colour.
inline constexpr Rgb8 ChartBackground = {255, 255, 255};

/// The colour of series `Index` of a chart: ten distinct colours (those of
/// matplotlib's "tab10"), then the same again.
Rgb8 seriesColor(size_t Index);

/// Draws `Charts` one below the other in a ChartWidth x (ChartHeight *
/// Charts.size()) image. Each has a title, a legend of its series' labels, a
/// frame with grid lines at "nice" tick values (1, 2 or 5 times a power of
/// ten) and their labels, and its x label. Both axes span the finite points of
/// all its series; points with a NaN or infinite coordinate are left out and
/// their neighbours joined; a series with a single point is a dot; a chart
/// without points has axes from 0 to 1; equal values get a range around them.
/// Legends take at most three rows; labels that do not fit are left out.
/// Throws Error if there are no charts, more than 2,796 (a 2 GiB image), or a
/// series with different numbers of x and y values.
RgbImage renderCharts(const std::vector<Chart> &Charts);

/// Writes renderCharts(Charts) to `Path` as a PNG, atomically.
void writeChartsPng(const std::string &Path, const std::vector<Chart> &Charts);

} // namespace dlc::rt

#endif // DLC_RUNTIME_PLOT_H
