# The SGEMM of the benchmarks: one matrix product, C = A B, every extent
# bound at the call.
module MatMul() {
  def forward(a: f32[M, K], b: f32[K, N]) -> f32[M, N] {
    return a @ b
  }
}
