"""Writes an ONNX graph with the layers and sizes of a YOLOv8n export and random weights, to time
inference engines on it (./argus bench onnx) where no trained export can be downloaded.

The layers are YOLOv8n's (width 0.25, depth 0.33): convolutions with SiLU, C2f blocks, SPPF,
the upsampling neck and the three-scale head, about 8.7 GFLOPs at 640x640. The head ends in the
export's layout, [1, 84, 8400], without the distribution-focal decoding of the boxes (a few
thousand operations among billions). Batch norms are folded into the convolutions, as an export
does.

usage: yolov8n_like_onnx.py OUT.onnx [SIZE]
"""
import sys

import numpy
import onnx
from onnx import TensorProto, helper, numpy_helper

RANDOM = numpy.random.default_rng(8)


class Graph:
    def __init__(self):
        self.nodes = []
        self.weights = []
        self.count = 0

    def name(self, prefix):
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, array, dtype=numpy.float32):
        name = self.name("w")
        self.weights.append(numpy_helper.from_array(numpy.asarray(array, dtype=dtype), name))
        return name

    def conv(self, x, c_in, c_out, k=1, s=1, act=True):
        w = self.const(RANDOM.normal(0, (2.0 / (c_in * k * k)) ** 0.5, (c_out, c_in, k, k)))
        b = self.const(numpy.zeros(c_out))
        y = self.name("conv")
        self.nodes.append(helper.make_node("Conv", [x, w, b], [y], kernel_shape=[k, k], strides=[s, s],
                                           pads=[k // 2] * 4))
        if not act:
            return y
        sig = self.name("sig")
        out = self.name("silu")
        self.nodes.append(helper.make_node("Sigmoid", [y], [sig]))
        self.nodes.append(helper.make_node("Mul", [y, sig], [out]))
        return out

    def op(self, kind, inputs, **attrs):
        y = self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [y], **attrs))
        return y

    def c2f(self, x, c_in, c_out, n, shortcut):
        c = c_out // 2
        y = self.conv(x, c_in, 2 * c)
        a, b = self.name("split"), self.name("split")
        split = self.const([c, c], numpy.int64)
        self.nodes.append(helper.make_node("Split", [y, split], [a, b], axis=1))
        parts = [a, b]
        for _ in range(n):
            h = self.conv(self.conv(parts[-1], c, c, 3), c, c, 3)
            parts.append(self.op("Add", [parts[-1], h]) if shortcut else h)
        return self.conv(self.op("Concat", parts, axis=1), (2 + n) * c, c_out)

    def sppf(self, x, c_in, c_out):
        c = c_in // 2
        y = [self.conv(x, c_in, c)]
        for _ in range(3):
            y.append(self.op("MaxPool", [y[-1]], kernel_shape=[5, 5], strides=[1, 1], pads=[2, 2, 2, 2]))
        return self.conv(self.op("Concat", y, axis=1), 4 * c, c_out)

    def upsample(self, x):
        return self.op("Resize", [x, "", self.const([1, 1, 2, 2])], mode="nearest")

    def head(self, x, c, cells):
        box = self.conv(self.conv(self.conv(x, c, 64, 3), 64, 64, 3), 64, 4, act=False)
        cls = self.conv(self.conv(self.conv(x, c, 80, 3), 80, 80, 3), 80, 80, act=False)
        out = self.op("Concat", [box, self.op("Sigmoid", [cls])], axis=1)
        return self.op("Reshape", [out, self.const([1, 84, cells], numpy.int64)])


def model(size):
    g = Graph()
    x = g.conv("images", 3, 16, 3, 2)
    x = g.conv(x, 16, 32, 3, 2)
    x = g.c2f(x, 32, 32, 1, True)
    x = g.conv(x, 32, 64, 3, 2)
    p3 = g.c2f(x, 64, 64, 2, True)
    x = g.conv(p3, 64, 128, 3, 2)
    p4 = g.c2f(x, 128, 128, 2, True)
    x = g.conv(p4, 128, 256, 3, 2)
    x = g.c2f(x, 256, 256, 1, True)
    p5 = g.sppf(x, 256, 256)
    n4 = g.c2f(g.op("Concat", [g.upsample(p5), p4], axis=1), 384, 128, 1, False)
    n3 = g.c2f(g.op("Concat", [g.upsample(n4), p3], axis=1), 192, 64, 1, False)
    m4 = g.c2f(g.op("Concat", [g.conv(n3, 64, 64, 3, 2), n4], axis=1), 192, 128, 1, False)
    m5 = g.c2f(g.op("Concat", [g.conv(m4, 128, 128, 3, 2), p5], axis=1), 384, 256, 1, False)
    outputs = [g.head(n3, 64, (size // 8) ** 2), g.head(m4, 128, (size // 16) ** 2), g.head(m5, 256, (size // 32) ** 2)]
    g.nodes.append(helper.make_node("Concat", outputs, ["output0"], axis=2))
    anchors = sum((size // s) ** 2 for s in (8, 16, 32))
    graph = helper.make_graph(g.nodes, "yolov8n_like",
                              [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, size, size])],
                              [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, 84, anchors])], g.weights)
    built = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    built.ir_version = 7
    onnx.checker.check_model(built)
    return built


if __name__ == "__main__":
    onnx.save(model(int(sys.argv[2]) if len(sys.argv) > 2 else 640), sys.argv[1])
