# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradient of cross_entropy with integer labels, one ignored (-100).
# GRADCHECK: params normal
# GRADCHECK: y int -1 5
# GRADCHECK: batch 7
module M() {
  param w: f64[5, 3] = normal(0.0, 1.0)
  def forward(x: f64[N, 3]) {
    return linear(x, w)
  }
}
train M() {
  batch x: f64[N, 3], y: i64[N]
  # Labels of -1 become ignore_index.
  loss = cross_entropy(forward(x), where(y < 0, -100, y))
  optimizer = sgd(lr = 1.0)
}
