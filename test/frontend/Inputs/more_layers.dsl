# Imported by layers.dsl (a nested import), and again by import.dsl.
module Scale(d: int) {
  param s: f32[d] = ones()

  def forward(x: f32[..., d]) {
    return x * s
  }
}
