# One std recurrent layer over [N, 6, 5] inputs, classified by its last
# state; the layer is chosen with --train.
module Recurrent(kind: int) {
  if kind == 0 {
    rnn = RNN(5, 7)
  }
  if kind == 1 {
    rnn = LSTM(5, 7)
  }
  if kind == 2 {
    rnn = GRU(5, 7)
  }

  def forward(x: f32[N, 6, 5]) -> f32[N, 6, 7] {
    return rnn(x)
  }
}

train rnn: Recurrent(0) {
  batch x: f32[N, 6, 5], y: i32[N]
  loss = cross_entropy(forward(x)[:, 5], y)
  optimizer = sgd(lr = 0.5)
}

train lstm: Recurrent(1) {
  batch x: f32[N, 6, 5], y: i32[N]
  loss = cross_entropy(forward(x)[:, 5], y)
  optimizer = sgd(lr = 0.5)
}

train gru: Recurrent(2) {
  batch x: f32[N, 6, 5], y: i32[N]
  loss = cross_entropy(forward(x)[:, 5], y)
  optimizer = sgd(lr = 0.5)
}
