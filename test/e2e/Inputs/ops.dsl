module Ops() {
  def forward(x: f32[N, 4], w: f32[4, 3]) -> f32[N, 3] {
    a = softmax(x @ w, 1) + log_softmax(x @ w, axis = -1)
    b = gelu(a) + gelu(a, approximate = "tanh") + sigmoid(a) * tanh(a)
    c = exp(-abs(b)) + log(1.0 + sqrt(abs(b))) + rsqrt(abs(b) + 1.0)
    d = maximum(c, 0.5) - minimum(c, 0.25) + erf(c) ** 2.0
    e = d / (sum(d, axis = 1, keepdim = true) + 1.0) + mean(d, axis = 0) - max(d, axis = 1, keepdim = true)
    f = e + transpose(transpose(e, [1, 0]), [1, 0]) * min(e)
    return relu(f) - neg(f)
  }
}
