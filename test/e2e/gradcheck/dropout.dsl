# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradient of dropout: the backward pass regenerates the step's mask from its seed.
# GRADCHECK: params normal
module M() {
  param a: f64[8, 4] = normal(0.0, 1.0)
  def forward(x: f64[N, 1, 4]) {
    return dropout(a * x, 0.3)
  }
}
train M() {
  batch x: f64[N, 1, 4], w: f64[N, 8, 4]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
