# MLP 784-128-10 on MNIST digits: Dense-ReLU-Dense with softmax cross-entropy,
# trained with SGD and momentum (the model of DSL.md's first example).
#
# Inputs are flattened 28x28 images scaled to [0, 1] (x: f32[N, 784]) and
# their digit labels (y: i32[N]).
#
#   dlc examples/mlp.dsl --emit=ast        # the syntax tree
#   dlc examples/mlp.dsl --emit=mlir       # the dlc dialect IR
#   dlc examples/mlp.dsl -o mlp.so         # the model library
#   dlc-run mlp.so train --data data/mnist --epochs 10 --batch 32 \
#       --save mlp.safetensors             # train it on MNIST digits

module MLP(hidden: int) {
  fc1 = Linear(784, hidden)
  fc2 = Linear(hidden, 10)

  def forward(x: f32[N, 784]) -> f32[N, 10] {
    h = relu(fc1(x))
    return fc2(h)
  }
}

train MLP(128) {
  batch x: f32[N, 784], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
  metric accuracy = accuracy(logits, y)
}
