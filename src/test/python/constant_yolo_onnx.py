"""Writes a YOLO ONNX model whose every anchor predicts the same box, in the output layout of a
YOLOv5 ([1, N, 5 + C]) or a YOLOv8 ([1, 4 + C, N]) export, so a test knows the exact detection.

The graph is what an export ends in: a strided convolution over a 1x3xHxW input, reshaped (and
for YOLOv5 transposed) to the head's layout. Its weights are zero and its bias carries the box
(cx, cy, w, h in input pixels), the objectness (YOLOv5 only) and the class scores.

usage: constant_yolo_onnx.py yolov5|yolov8 OUT.onnx SIZE CX CY W H [OBJECTNESS] SCORE...
"""
import sys

import numpy
import onnx
from onnx import TensorProto, helper, numpy_helper

STRIDE = 32


def model(layout, size, values):
    attributes = len(values)
    anchors = (size // STRIDE) ** 2
    weights = numpy.zeros((attributes, 3, STRIDE, STRIDE), dtype=numpy.float32)
    bias = numpy.array(values, dtype=numpy.float32)
    nodes = [
        helper.make_node("Conv", ["images", "w", "b"], ["features"], kernel_shape=[STRIDE, STRIDE],
                         strides=[STRIDE, STRIDE]),
        helper.make_node("Reshape", ["features", "shape"], ["output0" if layout == "yolov8" else "flat"]),
    ]
    if layout == "yolov5":
        nodes.append(helper.make_node("Transpose", ["flat"], ["output0"], perm=[0, 2, 1]))
    output_shape = [1, attributes, anchors] if layout == "yolov8" else [1, anchors, attributes]
    graph = helper.make_graph(
        nodes, "constant-" + layout,
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, size, size])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, output_shape)],
        [numpy_helper.from_array(weights, "w"), numpy_helper.from_array(bias, "b"),
         numpy_helper.from_array(numpy.array([1, attributes, anchors], dtype=numpy.int64), "shape")])
    result = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 12)])
    onnx.checker.check_model(result)
    return result


if __name__ == "__main__":
    layout, out, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if layout not in ("yolov5", "yolov8"):
        sys.exit("layout must be yolov5 or yolov8, not " + layout)
    onnx.save(model(layout, size, [float(value) for value in sys.argv[4:]]), out)
