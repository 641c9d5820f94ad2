# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of mse and binary_cross_entropy_with_logits.
# GRADCHECK: params normal
# GRADCHECK: t uniform 0 1
module M() {
  param w: f64[2, 3] = normal(0.0, 1.0)
  def forward(x: f64[N, 3]) {
    return linear(x, w)
  }
}
train M() {
  batch x: f64[N, 3], t: f64[N, 2]
  y = forward(x)
  loss = mse(y, t) + binary_cross_entropy_with_logits(y * 2.0, t)
  optimizer = sgd(lr = 1.0)
}
