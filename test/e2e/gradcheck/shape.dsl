# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients through transpose, reshape, flatten, squeeze, unsqueeze and expand.
# GRADCHECK: params normal
module M() {
  param a: f64[2, 3, 4] = normal(0.0, 1.0)
  param b: f64[3, 1] = normal(0.0, 1.0)
  def forward(x: f64[N, 4, 6]) {
    t = reshape(transpose(a, [2, 0, 1]), [4, 6])
    u = unsqueeze(flatten(squeeze(unsqueeze(b, 0), 0)), 0)
    e = expand(b, [3, 2])
    return x * t + sum(u) * 0.5 + sum(e * e)
  }
}
train M() {
  batch x: f64[N, 4, 6], w: f64[N, 4, 6]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
