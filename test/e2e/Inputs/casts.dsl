module Casts() {
  def forward(x: f32[N, 4]) -> f32[N] {
    nonzero = cast(cast(x, "bool"), "f32")
    return cast(argmax(x, 1), "f32") * 10.0 + sum(nonzero, axis = 1)
  }
}
