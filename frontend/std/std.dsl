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

# 2-D convolution over NCHW inputs with a square kernel. Each of `groups`
# groups maps cin / groups input channels to cout / groups output channels;
# `dilation` spaces the kernel's taps.
module Conv2d(cin: int, cout: int, kernel: int, stride: int = 1,
              padding: int = 0, dilation: int = 1, groups: int = 1,
              bias: bool = true) {
  param weight: f32[cout, cin // groups, kernel, kernel] = kaiming_uniform(sqrt(5.0))
  if bias {
    param bias: f32[cout] = uniform(-1.0 / sqrt(cin // groups * kernel * kernel),
                                    1.0 / sqrt(cin // groups * kernel * kernel))
  }

  def forward(x: f32[B, cin, H, W]) {
    return conv2d(x, weight, bias, stride, padding, dilation, groups)
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

# Recurrent layers over batch-first inputs [B, T, in] (PyTorch's
# batch_first=True), one layer, starting from a zero state; forward returns
# every step's hidden state, [B, T, hidden], so `y[:, -1]`-style last states
# and pooled states are both a slice away. Parameters are PyTorch's `_l0`
# tensors with its gate order, all initialised U(-1/sqrt(hidden),
# 1/sqrt(hidden)). The input projection of all steps is one matrix product
# before the loop; only the recurrent product runs per step.

# Elman RNN: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh).
module RNN(in: int, hidden: int) {
  param weight_ih_l0: f32[hidden, in] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))
  param weight_hh_l0: f32[hidden, hidden] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))
  param bias_ih_l0: f32[hidden] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))
  param bias_hh_l0: f32[hidden] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))

  def forward(x: f32[B, T, in]) -> f32[B, T, hidden] {
    xw = linear(x, weight_ih_l0, bias_ih_l0)
    h = tanh(xw[:, 0] + bias_hh_l0)
    ys = unsqueeze(h, 1)
    for t in 1..T {
      h = tanh(xw[:, t] + linear(h, weight_hh_l0, bias_hh_l0))
      ys = concat([ys, unsqueeze(h, 1)], axis = 1)
    }
    return ys
  }
}

# LSTM with gates i, f, g, o in that order along the 4 * hidden rows:
# c' = f * c + i * g, h' = o * tanh(c').
module LSTM(in: int, hidden: int) {
  param weight_ih_l0: f32[4 * hidden, in] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))
  param weight_hh_l0: f32[4 * hidden, hidden] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))
  param bias_ih_l0: f32[4 * hidden] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))
  param bias_hh_l0: f32[4 * hidden] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))

  def forward(x: f32[B, T, in]) -> f32[B, T, hidden] {
    xw = linear(x, weight_ih_l0, bias_ih_l0)
    # The first step: the zero state contributes only b_hh, and f * c is 0.
    g = split(xw[:, 0] + bias_hh_l0, hidden, axis = -1)
    c = sigmoid(g[0]) * tanh(g[2])
    h = sigmoid(g[3]) * tanh(c)
    ys = unsqueeze(h, 1)
    for t in 1..T {
      g = split(xw[:, t] + linear(h, weight_hh_l0, bias_hh_l0), hidden, axis = -1)
      c = sigmoid(g[1]) * c + sigmoid(g[0]) * tanh(g[2])
      h = sigmoid(g[3]) * tanh(c)
      ys = concat([ys, unsqueeze(h, 1)], axis = 1)
    }
    return ys
  }
}

# GRU with gates r, z, n in that order along the 3 * hidden rows:
# n = tanh(x W_in^T + b_in + r * (h W_hn^T + b_hn)), h' = (1 - z) * n + z * h.
module GRU(in: int, hidden: int) {
  param weight_ih_l0: f32[3 * hidden, in] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))
  param weight_hh_l0: f32[3 * hidden, hidden] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))
  param bias_ih_l0: f32[3 * hidden] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))
  param bias_hh_l0: f32[3 * hidden] = uniform(-1.0 / sqrt(hidden), 1.0 / sqrt(hidden))

  def forward(x: f32[B, T, in]) -> f32[B, T, hidden] {
    xw = linear(x, weight_ih_l0, bias_ih_l0)
    # The first step: the zero state contributes only b_hh, and z * h is 0.
    gx = split(xw[:, 0], hidden, axis = -1)
    gh = split(bias_hh_l0, hidden, axis = -1)
    r = sigmoid(gx[0] + gh[0])
    z = sigmoid(gx[1] + gh[1])
    h = (1.0 - z) * tanh(gx[2] + r * gh[2])
    ys = unsqueeze(h, 1)
    for t in 1..T {
      gx = split(xw[:, t], hidden, axis = -1)
      gh = split(linear(h, weight_hh_l0, bias_hh_l0), hidden, axis = -1)
      r = sigmoid(gx[0] + gh[0])
      z = sigmoid(gx[1] + gh[1])
      n = tanh(gx[2] + r * gh[2])
      h = (1.0 - z) * n + z * h
      ys = concat([ys, unsqueeze(h, 1)], axis = 1)
    }
    return ys
  }
}
