//===- PlotTest.cpp - Tests of the training-curve chart renderer ----------===//
#include "runtime/Plot.h"
#include "runtime/Error.h"
#include "test/unit/PngTestUtil.h"
#include "test/unit/TestUtil.h"

#include <cmath>
#include <limits>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
constexpr double Inf = std::numeric_limits<double>::infinity();

/// The pixels of `Image` with exactly colour `C`, as (x, y).
std::vector<std::pair<int, int>> pixelsOf(const RgbImage &Image, Rgb8 C) {
  std::vector<std::pair<int, int>> Found;
  for (int Y = 0; Y < Image.Height; ++Y)
    for (int X = 0; X < Image.Width; ++X) {
      const uint8_t *P = &Image.Pixels[(size_t(Y) * Image.Width + X) * 3];
      if (P[0] == C[0] && P[1] == C[1] && P[2] == C[2])
        Found.emplace_back(X, Y);
    }
  return Found;
}

size_t countOf(const RgbImage &Image, Rgb8 C) {
  return pixelsOf(Image, C).size();
}

/// The mean row of the pixels of colour `C` with XLo <= x < XHi.
double meanRow(const RgbImage &Image, Rgb8 C, int XLo, int XHi) {
  double Sum = 0;
  int N = 0;
  for (auto [X, Y] : pixelsOf(Image, C))
    if (X >= XLo && X < XHi) {
      Sum += Y;
      ++N;
    }
  EXPECT_GT(N, 0) << "no pixels in columns " << XLo << ".." << XHi;
  return N ? Sum / N : 0;
}

/// Whether rows [Top, Bottom) of the two images differ.
bool rowsDiffer(const RgbImage &A, const RgbImage &B, int Top, int Bottom) {
  size_t Row = size_t(A.Width) * 3;
  return !std::equal(A.Pixels.begin() + Top * Row,
                     A.Pixels.begin() + Bottom * Row,
                     B.Pixels.begin() + Top * Row);
}

Series line(const std::string &Label, std::vector<double> Y) {
  Series S{Label, {}, std::move(Y)};
  for (size_t I = 0; I < S.Y.size(); ++I)
    S.X.push_back(static_cast<double>(I + 1));
  return S;
}

} // namespace

TEST(PlotTest, WritesAPngOfTheRenderedCharts) {
  TempDir Dir;
  std::string Path = Dir.path("curves.png");
  std::vector<Chart> Charts = {
      {"loss",
       "epoch",
       {line("train", {2.3, 1.1, 0.7}), line("val", {2.4, 1.3, 0.9})}},
      {"accuracy", "epoch", {line("val", {0.3, 0.6, 0.8})}},
  };
  writeChartsPng(Path, Charts);
  DecodedPng Png = decodePng(readBytes(Path));
  EXPECT_EQ(Png.Width, unsigned(ChartWidth));
  EXPECT_EQ(Png.Height, unsigned(2 * ChartHeight));
  RgbImage Image = renderCharts(Charts);
  EXPECT_EQ(Image.Width, ChartWidth);
  EXPECT_EQ(Image.Height, 2 * ChartHeight);
  ASSERT_EQ(Image.Pixels.size(), size_t(ChartWidth) * 2 * ChartHeight * 3);
  EXPECT_EQ(Png.Rgb, Image.Pixels);
  EXPECT_EQ(Dir.list(), std::vector<std::string>{"curves.png"});
}

TEST(PlotTest, DrawsEachSeriesInItsColourWhereItsPointsAre) {
  // Rising and falling curves: in the image (rows grow downwards) the
  // rising one is higher (a smaller row) on the right than on the left.
  std::vector<double> Up, Down;
  for (int I = 0; I < 100; ++I) {
    Up.push_back(I * 0.01);
    Down.push_back(1 - I * 0.01);
  }
  RgbImage Image =
      renderCharts({{"t", "x", {line("up", Up), line("down", Down)}}});
  Rgb8 UpColor = seriesColor(0), DownColor = seriesColor(1);
  EXPECT_NE(UpColor, DownColor);
  EXPECT_GT(countOf(Image, UpColor), 500u);
  EXPECT_GT(countOf(Image, DownColor), 500u);
  int Third = ChartWidth / 3;
  EXPECT_GT(meanRow(Image, UpColor, 0, Third) - 100,
            meanRow(Image, UpColor, 2 * Third, ChartWidth));
  EXPECT_LT(meanRow(Image, DownColor, 0, Third) + 100,
            meanRow(Image, DownColor, 2 * Third, ChartWidth));
  // Nothing else is drawn in series colours.
  EXPECT_EQ(countOf(Image, seriesColor(2)), 0u);
  // The frame and grid are there, in neither colour.
  EXPECT_GT(countOf(Image, ChartBackground),
            size_t(ChartWidth) * ChartHeight / 2);
}

TEST(PlotTest, SeriesColoursAreDistinctAndRepeatAfterTen) {
  for (size_t I = 0; I < 10; ++I) {
    EXPECT_NE(seriesColor(I), ChartBackground);
    for (size_t J = 0; J < I; ++J)
      EXPECT_NE(seriesColor(I), seriesColor(J)) << I << " and " << J;
  }
  EXPECT_EQ(seriesColor(10), seriesColor(0));
}

TEST(PlotTest, DrawsTitleLegendAndAxisLabel) {
  Chart Plain{"", "", {line("", {1, 2, 3})}};
  RgbImage Base = renderCharts({Plain});
  Chart Titled = Plain;
  Titled.Title = "Loss";
  EXPECT_TRUE(rowsDiffer(Base, renderCharts({Titled}), 0, 30));
  // The legend shows the label beside a swatch of the series colour, above
  // the plot.
  Chart Labelled = Plain;
  Labelled.Lines[0].Label = "train";
  RgbImage WithLegend = renderCharts({Labelled});
  auto Above = [](const RgbImage &I, int Row) {
    size_t N = 0;
    for (auto [X, Y] : pixelsOf(I, seriesColor(0)))
      N += Y < Row;
    return N;
  };
  EXPECT_EQ(Above(Base, 43), 0u);
  EXPECT_GE(Above(WithLegend, 43), 3u * 18u);
  Chart WithX = Plain;
  WithX.XLabel = "epoch";
  EXPECT_TRUE(
      rowsDiffer(Base, renderCharts({WithX}), ChartHeight - 25, ChartHeight));
}

TEST(PlotTest, SkipsNonFinitePoints) {
  Series Gappy{"s", {1, 2, 3, 4, 5, NaN, 7}, {1, NaN, 3, Inf, 2, 9, -Inf}};
  Series Clean{"s", {1, 3, 5}, {1, 3, 2}};
  RgbImage A = renderCharts({{"t", "x", {Gappy}}});
  RgbImage B = renderCharts({{"t", "x", {Clean}}});
  EXPECT_GT(countOf(A, seriesColor(0)), 100u);
  EXPECT_TRUE(A.Pixels == B.Pixels)
      << "the non-finite points changed the image";
}

TEST(PlotTest, DrawsDegenerateSeries) {
  // A single point is a dot of a few dozen pixels (no legend: empty label).
  RgbImage Dot = renderCharts({{"t", "x", {{"", {3}, {0.5}}}}});
  size_t DotPixels = countOf(Dot, seriesColor(0));
  EXPECT_GT(DotPixels, 15u);
  EXPECT_LT(DotPixels, 80u);

  // Equal values are a horizontal line in the middle: its exactly coloured
  // core is one row (two if it lies between them), spanning the plot.
  std::vector<double> Flat(60, 7.0);
  RgbImage Line = renderCharts({{"t", "x", {line("", Flat)}}});
  auto Pixels = pixelsOf(Line, seriesColor(0));
  ASSERT_GT(Pixels.size(), 500u);
  int MinX = ChartWidth, MaxX = 0, MinY = ChartHeight, MaxY = 0;
  for (auto [X, Y] : Pixels) {
    MinX = std::min(MinX, X);
    MaxX = std::max(MaxX, X);
    MinY = std::min(MinY, Y);
    MaxY = std::max(MaxY, Y);
  }
  EXPECT_LE(MaxY - MinY, 1);
  EXPECT_GT(MaxX - MinX, ChartWidth / 2);
  EXPECT_GT(Pixels[0].second, ChartHeight / 4);
  EXPECT_LT(Pixels[0].second, ChartHeight * 3 / 4);

  // Nothing to draw: only axes; no series colour anywhere.
  std::vector<Chart> Empty = {
      {"empty", "", {}},
      {"no points", "x", {{"a", {}, {}}}},
      {"all NaN", "x", {{"", {NaN, 1}, {1, NaN}}}},
  };
  RgbImage Blank = renderCharts(Empty);
  EXPECT_EQ(Blank.Height, 3 * ChartHeight);
  EXPECT_LT(countOf(Blank, ChartBackground), Blank.Pixels.size() / 3 - 3000)
      << "the frames, grids and labels are missing";
  EXPECT_EQ(countOf(Blank, seriesColor(0)), 3u * 18u); // the legend swatch
}

TEST(PlotTest, SurvivesExtremeValues) {
  std::vector<Chart> Charts = {
      {"huge", "", {{"a", {0, 1}, {-1e308, 1e308}}}},
      {"tiny range", "", {{"a", {0, 1, 2}, {1, 1 + 1e-15, 1}}}},
      {"denormal", "", {{"a", {0, 1}, {5e-324, 1e-310}}}},
      {"far x", "", {{"a", {-1e300, 1e300}, {0, 1}}}},
      {"close x", "", {{"a", {1e15, 1e15 + 1}, {0, 1}}}},
      {"zero", "", {{"a", {0, 0, 0}, {0, 0, 0}}}},
      {std::string(300, 'T'),
       std::string(300, 'x'),
       {{std::string(300, 'L'), {1, 2}, {3, 4}}}},
  };
  for (int I = 0; I < 15; ++I)
    Charts[0].Lines.push_back({"series " + std::to_string(I), {0, 1}, {0, 1}});
  RgbImage Image = renderCharts(Charts);
  EXPECT_EQ(Image.Height, int(Charts.size()) * ChartHeight);
  // Each chart draws its series somewhere.
  for (size_t C = 1; C < Charts.size(); ++C) {
    size_t N = 0;
    for (auto [X, Y] : pixelsOf(Image, seriesColor(0)))
      N += Y >= int(C) * ChartHeight && Y < int(C + 1) * ChartHeight;
    EXPECT_GT(N, 18u * 3u) << Charts[C].Title.substr(0, 10);
  }
}

TEST(PlotTest, RejectsBadInput) {
  EXPECT_CONTAINS(errorOf([] { renderCharts({}); }),
                  "cannot draw charts: there are none");
  EXPECT_CONTAINS(
      errorOf([] {
        renderCharts({{"loss", "", {{"train", {1, 2}, {1}}}}});
      }),
      "cannot draw series 'train' of chart 'loss': it has 2 x values but 1 y "
      "values");
  TempDir Dir;
  EXPECT_CONTAINS(errorOf([&] { writeChartsPng(Dir.path("a.png"), {}); }),
                  "there are none");
  EXPECT_TRUE(Dir.list().empty());
}
