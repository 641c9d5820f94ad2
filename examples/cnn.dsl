# The Keras CIFAR example's CNN, Conv32-Pool-Conv64-Pool-Dense64-Dense10,
# trained with SGD (lr 0.01, momentum 0.9) on MNIST digits: 28x28 grey
# images, so one input channel and 7x7 maps after the two poolings (on
# CIFAR-10 it would be Conv2d(3, 32, ...) and 8x8).
#
# Inputs are images scaled to [0, 1] (x: f32[N, 1, 28, 28]; the MNIST IDX
# files' 784 pixels per sample fill it row by row) and digit labels (y).
#
#   dlc examples/cnn.dsl -o cnn.so
#   dlc-run cnn.so train --data data/mnist --epochs 5 --batch 32 \
#       --save cnn.safetensors

module CNN() {
  conv1 = Conv2d(1, 32, 3, padding = 1)
  conv2 = Conv2d(32, 64, 3, padding = 1)
  fc1 = Linear(64 * 7 * 7, 64)
  fc2 = Linear(64, 10)

  def forward(x: f32[N, 1, 28, 28]) -> f32[N, 10] {
    h = max_pool2d(relu(conv1(x)), 2)
    h = max_pool2d(relu(conv2(h)), 2)
    h = relu(fc1(flatten(h, 1)))
    return fc2(h)
  }
}

train CNN() {
  batch x: f32[N, 1, 28, 28], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = sgd(lr = 0.01, momentum = 0.9)
  metric accuracy = accuracy(logits, y)
}
