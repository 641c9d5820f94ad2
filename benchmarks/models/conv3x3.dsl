# The benchmark's 3x3 convolution, forward and backward: two 16-channel 3x3
# convolutions on 32x32 images (the work of a ResNet stage), then a pooled
# linear head so that the train step has a loss. The backward pass computes
# both convolutions' weight gradients and the second one's input gradient.
module Conv3x3() {
  conv1 = Conv2d(16, 16, 3, padding = 1)
  conv2 = Conv2d(16, 16, 3, padding = 1)
  fc = Linear(16, 10)

  def forward(x: f32[N, 16, 32, 32]) -> f32[N, 10] {
    h = conv2(relu(conv1(x)))
    return fc(flatten(global_avg_pool2d(h), 1))
  }
}

train Conv3x3() {
  batch x: f32[N, 16, 32, 32], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
}
