# A forward whose temporary (x times a 65536-wide row, before its sum) is
# 256 KiB per sample: at batch 65536, 16 GiB, past a 4 GiB address-space
# limit. Compiled with --fusion=off so that the temporary is a buffer.
module Spread() {
  param w: f32[1, 65536] = ones()

  def forward(x: f32[N, 1]) -> f32[N] {
    return sum(exp(x * w), axis = 1)
  }
}
