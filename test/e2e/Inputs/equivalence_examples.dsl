# The documented models of examples/ whose own train blocks cannot be
# compared with PyTorch step for step, for torch_equivalence.py:
# - BERT's pre-training and the LSTM with dropout 0 (the two cannot draw
#   the same random masks);
# - the ResNet at a fifth of its learning rate: at 0.05 on random batches of
#   16, float rounding differences (sums in another order) grow through
#   batch norm about 3x per step, to 5e-4 of the loss by the 10th.
import "resnet.dsl"
import "bert.dsl"
import "lstm.dsl"

train resnet: ResNet(10) {
  batch x: f32[N, 1, 28, 28], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = sgd(lr = 0.01, momentum = 0.9, weight_decay = 1e-4,
                  schedule = "cosine", total_steps = 1350)
  metric accuracy = accuracy(logits, y)
}

train lstm: WordLSTM(drop = 0.0) {
  batch x: i64[N, 16], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = adamw(lr = 0.003, weight_decay = 0.01, schedule = "cosine",
                    total_steps = 3940)
  metric accuracy = accuracy(logits, y)
}

train bert_pretrain: BertMaskedLM(drop = 0.0) {
  batch x: i64[N, 16], y: i32[N, 16], m: f32[N, 16]
  logp = log_softmax(forward(x), axis = -1)
  target = cast(one_hot(y, 99), "f32")
  loss = -sum(sum(logp * target, axis = -1) * m) / sum(m)
  optimizer = adamw(lr = 0.001, schedule = "cosine", warmup = 844,
                    total_steps = 2532)
}
