# Max and average pooling, forward and backward, against PyTorch
# (Inputs/pooling_reference.py): odd sizes, overlapping and padded windows,
# a rectangular kernel, a window too large to unroll, windows that tile the
# input exactly, a pooled ReLU (dlc-pool-before-relu swaps them), tied
# maxima and NaN.
module Pools() {
  param a: f32[2, 3, 9, 9] = normal(0.0, 1.0)
  param b: f32[2, 3, 8, 7] = normal(0.0, 1.0)
  param c: f32[2, 3, 6, 5] = normal(0.0, 1.0)
  param d: f32[1, 2, 13, 13] = normal(0.0, 1.0)
  param e: f32[2, 3, 8, 6] = normal(0.0, 1.0)

  def forward(x: f32[N, 3, 8, 7]) -> f32[N, 3, 4, 4] {
    return max_pool2d(x, 3, stride = 2, padding = 1)
  }

  def pooled(ta: f32[N, 2, 3, 4, 4], tb: f32[N, 2, 3, 4, 4],
             tc: f32[N, 2, 3, 4, 5], td: f32[N, 1, 2, 3, 3],
             te: f32[N, 2, 3, 4, 4], tf: f32[N, 2, 3, 4, 2],
             tg: f32[N, 2, 3, 4, 4]) -> f32[] {
    la = sum(max_pool2d(a, 2) * ta)
    lb = sum(max_pool2d(b, 3, stride = 2, padding = 1) * tb)
    lc = sum(max_pool2d(c, [2, 3], stride = [2, 1], padding = [1, 1]) * tc)
    ld = sum(max_pool2d(d, 5, stride = 4) * td)
    le = sum(avg_pool2d(b, 3, stride = 2, padding = 1) * te)
    lf = sum(max_pool2d(e, [2, 3]) * tf)
    lg = sum(max_pool2d(relu(b), 3, stride = 2, padding = 1) * tg)
    return la + lb + lc + ld + le + lf + lg
  }
}

train Pools() {
  batch ta: f32[N, 2, 3, 4, 4], tb: f32[N, 2, 3, 4, 4], tc: f32[N, 2, 3, 4, 5], td: f32[N, 1, 2, 3, 3], te: f32[N, 2, 3, 4, 4], tf: f32[N, 2, 3, 4, 2], tg: f32[N, 2, 3, 4, 4]
  loss = pooled(ta, tb, tc, td, te, tf, tg)
  optimizer = sgd(lr = 1.0)
}
