# Every form of contraction the Halide kernels take: plain (with two k
# blocks and partial tiles), transposed right and left operands, batched on
# both sides and with the right one broadcast, and linear with a bias (both
# operands contiguous along k: the dot form, 42 columns in partial tiles)
# followed by a ReLU and a residual add, which the kernel applies itself.
module Contractions() {
  def forward(x: f32[N, 300], w1: f32[300, 70], w2: f32[64, 70],
              s: f32[N, 7, 20], t: f32[N, 20, 64], w3: f32[20, 64],
              z: f32[N, 64], w4: f32[42, 64], b4: f32[42],
              residual: f32[N, 42]) -> f32[N, 64] {
    h = x @ w1
    g = h @ transpose(w2, [1, 0])
    u = sum(s @ t + s @ w3, axis = 1)
    q = transpose(h, [1, 0]) @ g
    l = sum(relu(linear(z, w4, b4)) + residual, axis = 1, keepdim = true)
    return g + u + mean(q, axis = 0) + l
  }
}
