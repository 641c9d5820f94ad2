# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradient of cross_entropy with probability targets over a class axis of [N, C, L].
# GRADCHECK: params normal
# GRADCHECK: p onehot 4
module M() {
  param w: f64[4, 3] = normal(0.0, 1.0)
  def forward(x: f64[N, 2, 3]) {
    return transpose(linear(x, w), [0, 2, 1])
  }
}
train M() {
  batch x: f64[N, 2, 3], p: f64[N, 2, 4]
  loss = cross_entropy(forward(x), transpose(p, [0, 2, 1]))
  optimizer = sgd(lr = 1.0)
}
