# RUN: dlc %s -o %t.so
# RUN: %python %S/../Inputs/gradcheck.py %t.so %s | FileCheck %s
# CHECK: PASS
# Gradients of the smooth unary builtins (exp log tanh sigmoid erf neg sqrt
# rsqrt and ** with a scalar exponent) against finite differences in f64.
# GRADCHECK: params normal
module M() {
  param a: f64[2, 3] = normal(0.0, 1.0)
  def forward(x: f64[N, 1, 3]) {
    s = exp(a) + log(exp(a) + 0.5) + tanh(a) + sigmoid(a) + erf(a) + neg(a) * a
    r = sqrt(exp(a) + 0.1) + rsqrt(exp(a) + 0.2) + (exp(a) + 0.3) ** 1.7
    return x * (s + r)
  }
}
train M() {
  batch x: f64[N, 1, 3], w: f64[N, 2, 3]
  loss = sum(forward(x) * w)
  optimizer = sgd(lr = 1.0)
}
