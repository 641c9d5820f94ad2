# An LSTM classifier for the language of a word (the task of
# examples/transformer.dsl; scripts/DATA.md, `words`): character embeddings
# read by one LSTM layer (std's, with PyTorch's gate order and names), the
# maximum of its hidden states over the steps, dropout, and a linear
# classifier.
# Taking the maximum over all steps, not the last state, makes the trailing
# [PAD]s of short words harmless.
#
# Inputs: ids (x: i64[N, 16]) are [CLS], the word's characters and [PAD]s
# in data/words/vocab.json's ids, and y is the language (0..6).
#
#   dlc examples/lstm.dsl -o lstm.so
#   dlc-run lstm.so train --data data/words --epochs 5 --batch 64 \
#       --save lstm.safetensors

module WordLSTM(vocab: int = 99, length: int = 16, d: int = 32,
                hidden: int = 128, classes: int = 7, drop: float = 0.3) {
  embed = Embedding(vocab, d)
  lstm = LSTM(d, hidden)
  fc = Linear(hidden, classes)

  def forward(x: i64[N, length]) -> f32[N, classes] {
    states = lstm(embed(x))
    return fc(dropout(max(states, axis = 1), drop))
  }
}

train WordLSTM() {
  batch x: i64[N, 16], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  # Cosine decay over 5 epochs of 788 batches (56,000 words, 10% held out,
  # batch 64).
  optimizer = adamw(lr = 0.003, weight_decay = 0.01, schedule = "cosine",
                    total_steps = 3940)
  metric accuracy = accuracy(logits, y)
}
