# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of indexing, strided slices, split and concat.
# GRADCHECK: params normal
module M() {
  param a: f64[5, 6] = normal(0.0, 1.0)
  param b: f64[2, 6] = normal(0.0, 1.0)
  def forward(x: f64[N, 6]) {
    row = a[1]
    odd = a[1:5:2, ::3]
    parts = split(a, 3, axis = 1)
    mixed = concat([parts[0][0:2] * b[:, 0:3], parts[1][3:5] + b[:, 3:6]], axis = 1)
    joined = concat([a, b, mixed], axis = 0)
    return x * row + sum(odd) + sum(joined[2:7] * joined[2:7])
  }
}
train M() {
  batch x: f64[N, 6], w: f64[N, 6]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
