# The standard layers of the dlc language, always in scope.
#
# Parameter names, layouts and default initialisation match PyTorch's
# torch.nn modules, so state dicts move between the two unchanged. A module
# argument may share its name with a parameter (`bias`): the argument decides
# whether the parameter exists, and inside a def the parameter wins; an absent
# optional tensor is passed on as `false`.

# y = x W^T + b over the last dimension of an input of any rank.
module Linear(in: int, out: int, bias: bool = true) {
  param weight: f32[out, in] = kaiming_uniform(sqrt(5.0))
  if bias {
    param bias: f32[out] = uniform(-1.0 / sqrt(in), 1.0 / sqrt(in))
  }

  def forward(x: f32[..., in]) -> f32[..., out] {
    return linear(x, weight, bias)
  }
}

# 2-D convolution over NCHW inputs with a square kernel.
module Conv2d(cin: int, cout: int, kernel: int, stride: int = 1,
              padding: int = 0, bias: bool = true) {
  param weight: f32[cout, cin, kernel, kernel] = kaiming_uniform(sqrt(5.0))
  if bias {
    param bias: f32[cout] = uniform(-1.0 / sqrt(cin * kernel * kernel),
                                    1.0 / sqrt(cin * kernel * kernel))
  }

  def forward(x: f32[B, cin, H, W]) {
    return conv2d(x, weight, bias, stride, padding)
  }
}

# Batch normalisation over the channels of [N, C] or [N, C, L] inputs.
module BatchNorm1d(c: int, eps: float = 1e-5, momentum: float = 0.1) {
  param weight: f32[c] = ones()
  param bias: f32[c] = zeros()
  buffer running_mean: f32[c] = zeros()
  buffer running_var: f32[c] = ones()
  buffer num_batches_tracked: i64[] = zeros()

  def forward(x: f32[B, c, ...]) {
    return batch_norm(x, weight, bias, running_mean, running_var, momentum, eps)
  }
}

# Batch normalisation over the channels of NCHW inputs.
module BatchNorm2d(c: int, eps: float = 1e-5, momentum: float = 0.1) {
  param weight: f32[c] = ones()
  param bias: f32[c] = zeros()
  buffer running_mean: f32[c] = zeros()
  buffer running_var: f32[c] = ones()
  buffer num_batches_tracked: i64[] = zeros()

  def forward(x: f32[B, c, H, W]) -> f32[B, c, H, W] {
    return batch_norm(x, weight, bias, running_mean, running_var, momentum, eps)
  }
}

# Layer normalisation over the last dimension.
module LayerNorm(d: int, eps: float = 1e-5) {
  param weight: f32[d] = ones()
  param bias: f32[d] = zeros()

  def forward(x: f32[..., d]) -> f32[..., d] {
    return layer_norm(x, weight, bias, eps)
  }
}

# A lookup table of n vectors of size d, initialised N(0, 1).
module Embedding(n: int, d: int) {
  param weight: f32[n, d] = normal(0.0, 1.0)

  def forward(ids: i64[...]) {
    return embedding(ids, weight)
  }
}

# Zeroes elements with probability p while training; identity otherwise.
module Dropout(p: float = 0.5) {
  def forward(x: f32[...]) {
    return dropout(x, p)
  }
}

# The output projection of MultiheadAttention: PyTorch zeroes its bias.
module MultiheadAttentionOutProj(d: int) {
  param weight: f32[d, d] = kaiming_uniform(sqrt(5.0))
  param bias: f32[d] = zeros()

  def forward(x: f32[..., d]) -> f32[..., d] {
    return linear(x, weight, bias)
  }
}

# Self-attention over [B, T, d] inputs with PyTorch's parameter layout:
# softmax(Q K^T / sqrt(d_k)) V per head, then the output projection.
module MultiheadAttention(d: int, heads: int) {
  param in_proj_weight: f32[3 * d, d] = glorot_uniform()
  param in_proj_bias: f32[3 * d] = zeros()
  out_proj = MultiheadAttentionOutProj(d)

  # `mask` is added to the attention scores (see causal_mask).
  def attend(x: f32[B, T, d], mask: f32[T, T]) -> f32[B, T, d] {
    dk = d // heads
    qkv = split(linear(x, in_proj_weight, in_proj_bias), d, axis = -1)
    q = transpose(reshape(qkv[0], [B, T, heads, dk]), [0, 2, 1, 3])
    k = transpose(reshape(qkv[1], [B, T, heads, dk]), [0, 2, 3, 1])
    v = transpose(reshape(qkv[2], [B, T, heads, dk]), [0, 2, 1, 3])
    scores = (q @ k) * (1.0 / sqrt(dk)) + mask
    y = transpose(softmax(scores, axis = -1) @ v, [0, 2, 1, 3])
    return out_proj(reshape(y, [B, T, d]))
  }

  def forward(x: f32[B, T, d]) -> f32[B, T, d] {
    dk = d // heads
    qkv = split(linear(x, in_proj_weight, in_proj_bias), d, axis = -1)
    q = transpose(reshape(qkv[0], [B, T, heads, dk]), [0, 2, 1, 3])
    k = transpose(reshape(qkv[1], [B, T, heads, dk]), [0, 2, 3, 1])
    v = transpose(reshape(qkv[2], [B, T, heads, dk]), [0, 2, 1, 3])
    scores = (q @ k) * (1.0 / sqrt(dk))
    y = transpose(softmax(scores, axis = -1) @ v, [0, 2, 1, 3])
    return out_proj(reshape(y, [B, T, d]))
  }
}

# A post-norm Transformer encoder layer with a GELU feed-forward block,
# named as PyTorch's nn.TransformerEncoderLayer.
module TransformerEncoderLayer(d: int, heads: int, ffn: int,
                               drop: float = 0.1) {
  self_attn = MultiheadAttention(d, heads)
  linear1 = Linear(d, ffn)
  linear2 = Linear(ffn, d)
  norm1 = LayerNorm(d)
  norm2 = LayerNorm(d)

  def forward(x: f32[B, T, d]) -> f32[B, T, d] {
    x = norm1(x + dropout(self_attn(x), drop))
    h = linear2(dropout(gelu(linear1(x)), drop))
    return norm2(x + dropout(h, drop))
  }
}
