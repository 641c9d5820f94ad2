# A BERT-style encoder (Devlin et al., 2019) over characters, pre-trained by
# masked-character modelling on Debian's fortunes, then fine-tuned on the
# language of a word (the task of examples/transformer.dsl). Token and
# position embeddings with a layer norm, two post-norm Transformer encoder
# layers (d 64, 4 heads, GELU feed-forward of 256) and, per task, a head:
#
#   pretrain: BertMaskedLM, a dense-GELU-layer-norm transform and a decoder
#             to the vocabulary at every position; the loss is the
#             cross-entropy at the masked positions only (m = 1; the
#             fortunes set masks 15% of each window's characters).
#   finetune: BertClassifier, a linear classifier of the [CLS] position's
#             state into the 7 languages.
#
# Both keep the encoder under `bert.`, so the pre-trained checkpoint loads
# into the classifier with `--strict false`, which lists the missing keys
# (`classifier.*`, initialised from --seed) and the unexpected ones
# (`transform.*`, `decoder.*`), as PyTorch's load_state_dict(strict=False).
#
#   dlc examples/bert.dsl --train pretrain -o bert_pretrain.so
#   dlc-run bert_pretrain.so train --data data/fortunes --epochs 3 \
#       --batch 64 --save bert_pretrain.safetensors
#   dlc examples/bert.dsl --train finetune -o bert_finetune.so
#   dlc-run bert_finetune.so train --data data/words --epochs 8 --batch 64 \
#       --weights bert_pretrain.safetensors --strict false \
#       --save bert_finetune.safetensors

module BertEmbeddings(vocab: int, length: int, d: int, drop: float) {
  word_embeddings = Embedding(vocab, d)
  param position_embeddings: f32[length, d] = normal(0.0, 1.0)
  norm = LayerNorm(d, eps = 1e-12)

  def forward(x: i64[N, length]) -> f32[N, length, d] {
    return dropout(norm(word_embeddings(x) + position_embeddings), drop)
  }
}

module Bert(vocab: int, length: int = 16, d: int = 64, heads: int = 4,
            ffn: int = 256, layers: int = 2, drop: float = 0.1) {
  embeddings = BertEmbeddings(vocab, length, d, drop)
  encoder = [TransformerEncoderLayer(d, heads, ffn, drop) for i in 0..layers]

  def forward(x: i64[N, length]) -> f32[N, length, d] {
    h = embeddings(x)
    for layer in encoder {
      h = layer(h)
    }
    return h
  }
}

module BertMaskedLM(vocab: int = 99, drop: float = 0.1) {
  bert = Bert(vocab, drop = drop)
  transform = Linear(64, 64)
  transform_norm = LayerNorm(64, eps = 1e-12)
  decoder = Linear(64, vocab)

  def forward(x: i64[N, 16]) -> f32[N, 16, vocab] {
    return decoder(transform_norm(gelu(transform(bert(x)))))
  }
}

module BertClassifier(vocab: int = 99, classes: int = 7,
                      drop: float = 0.1) {
  bert = Bert(vocab, drop = drop)
  classifier = Linear(64, classes)

  def forward(x: i64[N, 16]) -> f32[N, classes] {
    return classifier(bert(x)[:, 0])
  }
}

train pretrain: BertMaskedLM() {
  batch x: i64[N, 16], y: i32[N, 16], m: f32[N, 16]
  logp = log_softmax(forward(x), axis = -1)
  target = cast(one_hot(y, 99), "f32")
  loss = -sum(sum(logp * target, axis = -1) * m) / sum(m)
  # Warm-up over the first epoch, then cosine decay over 3 epochs of 844
  # batches (60,000 windows, 10% held out, batch 64).
  optimizer = adamw(lr = 0.001, schedule = "cosine", warmup = 844,
                    total_steps = 2532)
  hit = cast(argmax(logp, axis = -1) == y, "f32")
  metric masked_accuracy = sum(hit * m) / sum(m)
}

# Fine-tuning without dropout: the classifier underfits the words as the
# Transformer example does.
train finetune: BertClassifier(drop = 0.0) {
  batch x: i64[N, 16], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  # Cosine decay over 8 epochs of 788 batches (56,000 words, 10% held out,
  # batch 64), after a warm-up over the first.
  optimizer = adamw(lr = 0.002, schedule = "cosine", warmup = 788,
                    total_steps = 6304)
  metric accuracy = accuracy(logits, y)
}
