# std's TransformerEncoderLayer alone, for torch_interchange.py: its names
# (`layer.self_attn.in_proj_weight`, `layer.linear1.weight`, ...) and
# layouts are PyTorch's nn.TransformerEncoderLayer(batch_first=True,
# activation="gelu").
module EncoderLayer() {
  layer = TransformerEncoderLayer(32, 4, 64)

  def forward(x: f32[N, 16, 32]) -> f32[N, 16, 32] {
    return layer(x)
  }
}

train EncoderLayer() {
  batch x: f32[N, 16, 32], t: f32[N, 16, 32]
  loss = mse(forward(x), t)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
}
