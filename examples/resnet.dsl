# A small ResNet (He et al., 2016) on MNIST digits: a 3x3 stem, then three
# stages of one BasicBlock each (16, 32 and 64 channels, the last two halving
# the map with stride 2), global average pooling and a linear classifier.
# The stem pads by 3, so the 28x28 digits become 32x32 maps, as CIFAR-10's
# images are (32 -> 16 -> 8; 8-wide rows still fill vectors, 7-wide would
# not). A BasicBlock is conv-BN-ReLU-conv-BN plus its input,
# through a 1x1 convolution and BN where the shape changes. Names follow
# torchvision's ResNet (`layer2.0.conv1.weight`, `layer2.0.bn1.running_mean`),
# except that a block's projection is `downsample.conv` / `downsample.bn`
# where torchvision has `downsample.0` / `downsample.1`.
#
# Inputs are images scaled to [0, 1] (x: f32[N, 1, 28, 28]) and digit
# labels (y). In training, batch norm uses the batch's statistics and
# updates its running ones; forward and eval use the running statistics.
#
#   dlc examples/resnet.dsl -o resnet.so
#   dlc-run resnet.so train --data data/mnist --epochs 6 --batch 32 \
#       --save resnet.safetensors

# The projection of a block's input when its shape changes.
module Downsample(cin: int, cout: int, stride: int) {
  conv = Conv2d(cin, cout, 1, stride = stride, bias = false)
  bn = BatchNorm2d(cout)

  def forward(x: f32[B, cin, H, W]) {
    return bn(conv(x))
  }
}

module BasicBlock(cin: int, cout: int, stride: int = 1) {
  conv1 = Conv2d(cin, cout, 3, stride = stride, padding = 1, bias = false)
  bn1 = BatchNorm2d(cout)
  conv2 = Conv2d(cout, cout, 3, padding = 1, bias = false)
  bn2 = BatchNorm2d(cout)
  if stride != 1 or cin != cout {
    downsample = Downsample(cin, cout, stride)
  }

  def forward(x: f32[B, cin, H, W]) {
    h = relu(bn1(conv1(x)))
    h = bn2(conv2(h))
    if stride != 1 or cin != cout {
      x = downsample(x)
    }
    return relu(h + x)
  }
}

module ResNet(classes: int = 10) {
  conv1 = Conv2d(1, 16, 3, padding = 3, bias = false)
  bn1 = BatchNorm2d(16)
  layer1 = [BasicBlock(16, 16) for i in 0..1]
  layer2 = [BasicBlock(16, 32, stride = 2) for i in 0..1]
  layer3 = [BasicBlock(32, 64, stride = 2) for i in 0..1]
  fc = Linear(64, classes)

  def forward(x: f32[N, 1, 28, 28]) -> f32[N, classes] {
    h = relu(bn1(conv1(x)))
    for block in layer1 {
      h = block(h)
    }
    for block in layer2 {
      h = block(h)
    }
    for block in layer3 {
      h = block(h)
    }
    return fc(global_avg_pool2d(h))
  }
}

train ResNet(10) {
  batch x: f32[N, 1, 28, 28], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  # Cosine decay over 6 epochs of 225 batches (8,000 digits, 10% held out).
  optimizer = sgd(lr = 0.05, momentum = 0.9, weight_decay = 1e-4,
                  schedule = "cosine", total_steps = 1350)
  metric accuracy = accuracy(logits, y)
}
