# A "matrix product" that is off by a factor of two, for the check that
# dlc-bench makes before it times sgemm/dlc.
module WrongMatMul() {
  def forward(a: f32[M, K], b: f32[K, N]) -> f32[M, N] {
    return (a @ b) * 2.0
  }
}
