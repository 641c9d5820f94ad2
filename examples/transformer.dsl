# A Transformer encoder classifier for the language of a word: which of 7
# languages (English, French, German, Spanish, Italian, Portuguese, Dutch;
# scripts/DATA.md, `words`) a word of Debian's word lists comes from, given
# its characters. Character embeddings plus learnt positions, two post-norm
# encoder layers of multi-head self-attention, softmax(Q K^T / sqrt(d_k)) V
# over 4 heads, and a GELU feed-forward block, then the maximum over the
# positions and a linear classifier.
#
# Inputs: ids (x: i64[N, 16]) are [CLS], the word's characters and [PAD]s
# in data/words/vocab.json's ids, and y is the language (0..6).
#
#   dlc examples/transformer.dsl -o transformer.so
#   dlc-run transformer.so train --data data/words --epochs 8 --batch 64 \
#       --save transformer.safetensors

module WordTransformer(vocab: int = 99, length: int = 16, d: int = 64,
                       heads: int = 4, ffn: int = 256, layers: int = 2,
                       classes: int = 7, drop: float = 0.1) {
  embed = Embedding(vocab, d)
  param pos: f32[length, d] = normal(0.0, 1.0)
  encoder = [TransformerEncoderLayer(d, heads, ffn, drop) for i in 0..layers]
  fc = Linear(d, classes)

  def forward(x: i64[N, length]) -> f32[N, classes] {
    h = embed(x) + pos
    for layer in encoder {
      h = layer(h)
    }
    return fc(max(h, axis = 1))
  }
}

# Without dropout: this small model underfits the 50,400 training words
# (train and validation accuracy stay together), dropout 0.1 only slows it.
train WordTransformer(drop = 0.0) {
  batch x: i64[N, 16], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  # Warm-up over the first epoch, then cosine decay over 8 epochs of 788
  # batches (56,000 words, 10% held out, batch 64).
  optimizer = adamw(lr = 0.003, schedule = "cosine", warmup = 788,
                    total_steps = 6304)
  metric accuracy = accuracy(logits, y)
}
