# Imported by import.dsl.
import "more_layers.dsl"

module Dense(in: int, out: int) {
  fc = Linear(in, out)

  def forward(x: f32[N, in]) -> f32[N, out] {
    return relu(fc(x))
  }
}
