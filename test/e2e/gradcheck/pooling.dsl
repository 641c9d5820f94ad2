# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of max_pool2d (overlapping windows, padding), avg_pool2d and global_avg_pool2d.
# GRADCHECK: params normal
# GRADCHECK: batch 2
module M() {
  param a: f64[2, 3, 6, 5] = normal(0.0, 1.0)
  def forward(x: f64[N, 2, 3, 3, 3]) {
    m = max_pool2d(a, 3, stride = 2, padding = 1)
    v = avg_pool2d(a * a, [2, 3], stride = [2, 1], padding = [1, 1])
    return x * m + sum(v) + sum(global_avg_pool2d(exp(a)))
  }
}
train M() {
  batch x: f64[N, 2, 3, 3, 3], t: f64[N, 2, 3, 3, 3]
  loss = sum(forward(x) * t)
  optimizer = sgd(lr = 1.0)
}
