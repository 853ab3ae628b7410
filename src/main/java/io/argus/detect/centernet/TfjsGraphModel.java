package io.argus.detect.centernet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A TensorFlow.js graph model ({@code model.json} with its weight files) turned into a TensorFlow
 * {@link GraphDef}. The JSON's {@code modelTopology} is a GraphDef in protobuf's JSON form whose
 * constants have no values: those come from the weight files, in the manifest's order, float32
 * possibly quantised to float16, or int32.
 *
 * <p>The graph is checked before any native library sees it: only the operations Argus knows, every
 * input a node of the graph, every constant with exactly the bytes its shape needs. A model file
 * that is wrong in any of these ways is refused with the reason, so it can never crash the JVM in
 * TensorFlow's importer. TensorFlow.js writes two fused operations differently from TensorFlow;
 * they are renamed and given the attribute TensorFlow needs.
 */
public final class TfjsGraphModel {
    /** The operations of convolutional detectors (CenterNet and its post-processing); anything else is refused. */
    private static final Set<String> KNOWN_OPS = Set.of("Const", "Placeholder", "Identity", "_FusedConv2D",
            "FusedDepthwiseConv2dNative", "Conv2D", "DepthwiseConv2dNative", "BiasAdd", "Add", "AddV2", "Sub", "Mul",
            "RealDiv", "FloorDiv", "FloorMod", "Relu", "Relu6", "Sigmoid", "Mean", "ConcatV2", "Reshape", "Cast",
            "ExpandDims", "StridedSlice", "ResizeBilinear", "MaxPool", "Equal", "TopKV2", "GatherV2");

    private TfjsGraphModel() {
    }

    /** Reads {@code model.json} and the weight files it names, beside it. */
    public static GraphDef read(Path modelJson) {
        JsonNode model;
        try {
            model = new ObjectMapper().readTree(modelJson.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the TensorFlow.js model " + modelJson + ": "
                    + e.getMessage(), e);
        }
        if (!"graph-model".equals(model.path("format").asText()) || !model.path("modelTopology").has("node")) {
            throw new IllegalArgumentException(modelJson + " is not a TensorFlow.js graph model");
        }
        Map<String, ByteString> weights = weights(modelJson, model.path("weightsManifest"));
        List<NodeDef> nodes = new ArrayList<>();
        for (JsonNode node : model.path("modelTopology").path("node")) {
            NodeDef converted = node(node, weights);
            if (converted.getOp().equals("FusedDepthwiseConv2dNative")) {
                nodes.addAll(unfused(converted));
            } else {
                nodes.add(converted);
            }
        }
        check(nodes, modelJson);
        return GraphDef.newBuilder().addAllNode(nodes).build();
    }

    private static NodeDef node(JsonNode json, Map<String, ByteString> weights) {
        String name = json.path("name").asText();
        String op = json.path("op").asText();
        NodeDef.Builder node = NodeDef.newBuilder().setName(name).setOp(op);
        json.path("input").forEach(input -> node.addInput(input.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("attr").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attr = it.next();
            node.putAttr(attr.getKey(), attrValue(attr.getValue()));
        }
        if (op.equals("Const")) {
            ByteString content = weights.get(name);
            if (content == null) {
                throw new IllegalArgumentException("constant " + name + " has no values in the weight files");
            }
            TensorProto declared = node.getAttrOrThrow("value").getTensor();
            long elements = declared.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize)
                    .reduce(1, (a, b) -> a * b);
            if (elements * 4 != content.size()) {
                throw new IllegalArgumentException("constant " + name + " has " + content.size() / 4
                        + " values in the weight files but its shape holds " + elements);
            }
            TensorProto tensor = declared.toBuilder().setTensorContent(content).build();
            node.putAttr("value", AttrValue.newBuilder().setTensor(tensor).build());
        }
        if (op.equals("_FusedConv2D")) {
            // TensorFlow's fused kernels declare the type of their extra arguments; TensorFlow.js leaves it out.
            int extra = node.getInputCount() - 2;
            AttrValue.ListValue.Builder types = AttrValue.ListValue.newBuilder();
            for (int i = 0; i < extra; i++) {
                types.addType(DataType.DT_FLOAT);
            }
            node.putAttr("TArgs", AttrValue.newBuilder().setList(types).build());
        }
        return node.build();
    }

    /**
     * TensorFlow's CPU kernel of the fused depthwise convolution is only a target of its own graph
     * rewrites and produces nothing when run: the node becomes the convolution, the bias and the
     * activation, the last one keeping the node's name so that its consumers are unchanged.
     */
    private static List<NodeDef> unfused(NodeDef fused) {
        List<String> ops = fused.getAttrOrThrow("fused_ops").getList().getSList().stream()
                .map(ByteString::toStringUtf8).toList();
        if (fused.getInputCount() != 3 || ops.isEmpty() || !ops.get(0).equals("BiasAdd") || ops.size() > 2
                || ops.size() == 2 && !Set.of("Relu", "Relu6").contains(ops.get(1))) {
            throw new IllegalArgumentException("node " + fused.getName() + " fuses " + ops + " over "
                    + fused.getInputCount() + " inputs; Argus unfuses only BiasAdd with an optional Relu or Relu6");
        }
        String name = fused.getName();
        AttrValue type = fused.getAttrOrThrow("T");
        NodeDef.Builder convolution = NodeDef.newBuilder().setName(name + "/unfused_depthwise")
                .setOp("DepthwiseConv2dNative").addInput(fused.getInput(0)).addInput(fused.getInput(1)).putAttr("T", type);
        for (String attr : List.of("strides", "padding", "dilations", "data_format")) {
            if (fused.containsAttr(attr)) {
                convolution.putAttr(attr, fused.getAttrOrThrow(attr));
            }
        }
        NodeDef.Builder bias = NodeDef.newBuilder().setName(ops.size() == 1 ? name : name + "/unfused_bias")
                .setOp("BiasAdd").addInput(convolution.getName()).addInput(fused.getInput(2)).putAttr("T", type);
        if (fused.containsAttr("data_format")) {
            bias.putAttr("data_format", fused.getAttrOrThrow("data_format"));
        }
        List<NodeDef> nodes = new ArrayList<>(List.of(convolution.build(), bias.build()));
        if (ops.size() == 2) {
            nodes.add(NodeDef.newBuilder().setName(name).setOp(ops.get(1)).addInput(bias.getName()).putAttr("T", type)
                    .build());
        }
        return nodes;
    }

    private static AttrValue attrValue(JsonNode json) {
        AttrValue.Builder value = AttrValue.newBuilder();
        if (json.has("type")) {
            value.setType(DataType.valueOf(json.get("type").asText()));
        } else if (json.has("s")) {
            value.setS(ByteString.copyFrom(Base64.getDecoder().decode(json.get("s").asText())));
        } else if (json.has("i")) {
            value.setI(json.get("i").asLong());
        } else if (json.has("f")) {
            value.setF((float) json.get("f").asDouble());
        } else if (json.has("b")) {
            value.setB(json.get("b").asBoolean());
        } else if (json.has("shape")) {
            value.setShape(shape(json.get("shape")));
        } else if (json.has("tensor")) {
            JsonNode tensor = json.get("tensor");
            value.setTensor(TensorProto.newBuilder().setDtype(DataType.valueOf(tensor.path("dtype").asText()))
                    .setTensorShape(shape(tensor.path("tensorShape"))));
        } else if (json.has("list")) {
            JsonNode list = json.get("list");
            AttrValue.ListValue.Builder items = AttrValue.ListValue.newBuilder();
            list.path("i").forEach(i -> items.addI(i.asLong()));
            list.path("s").forEach(s -> items.addS(ByteString.copyFrom(Base64.getDecoder().decode(s.asText()))));
            list.path("type").forEach(t -> items.addType(DataType.valueOf(t.asText())));
            value.setList(items);
        } else {
            throw new IllegalArgumentException("unknown attribute value " + json);
        }
        return value.build();
    }

    private static TensorShapeProto shape(JsonNode json) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        json.path("dim").forEach(dim -> shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(dim.path("size")
                .asLong())));
        return shape.build();
    }

    /** The weight files' bytes, split per constant in manifest order, float16 widened to float32. */
    private static Map<String, ByteString> weights(Path modelJson, JsonNode manifest) {
        Map<String, ByteString> weights = new HashMap<>();
        for (JsonNode group : manifest) {
            ByteBuffer data = ByteBuffer.wrap(concat(modelJson, group.path("paths"))).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonNode weight : group.path("weights")) {
                String name = weight.path("name").asText();
                long count = 1;
                for (JsonNode dim : weight.path("shape")) {
                    count *= dim.asLong();
                }
                String dtype = weight.path("dtype").asText();
                String stored = weight.path("quantization").path("dtype").asText(dtype);
                int storedBytes = switch (stored) {
                    case "float32", "int32" -> 4;
                    case "float16" -> 2;
                    default -> throw new IllegalArgumentException("weight " + name + " is stored as " + stored
                            + "; only float32, float16 and int32 are supported");
                };
                if (!dtype.equals("float32") && !dtype.equals("int32") || stored.equals("float16")
                        && !dtype.equals("float32")) {
                    throw new IllegalArgumentException("weight " + name + " has type " + dtype + " stored as " + stored);
                }
                if (count * storedBytes > data.remaining()) {
                    throw new IllegalArgumentException("the weight files of " + modelJson + " end before weight "
                            + name + " (truncated?)");
                }
                ByteBuffer values = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (long i = 0; i < count; i++) {
                    if (stored.equals("float16")) {
                        values.putFloat(halfToFloat(data.getShort()));
                    } else {
                        values.putInt(data.getInt());
                    }
                }
                weights.put(name, ByteString.copyFrom(values.array()));
            }
            if (data.hasRemaining()) {
                throw new IllegalArgumentException("the weight files of " + modelJson + " have " + data.remaining()
                        + " bytes more than the manifest describes");
            }
        }
        return weights;
    }

    private static byte[] concat(Path modelJson, JsonNode paths) {
        var out = new java.io.ByteArrayOutputStream();
        for (JsonNode path : paths) {
            String name = path.asText();
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new IllegalArgumentException("weight file '" + name + "' is not a file beside " + modelJson);
            }
            try {
                out.write(Files.readAllBytes(modelJson.resolveSibling(name)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the weight file " + modelJson.resolveSibling(name), e);
            }
        }
        return out.toByteArray();
    }

    /** IEEE 754 half precision to single precision (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            float value = mantissa / 1024f / 16384f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | (exponent + 112) << 23 | mantissa << 13);
    }

    private static void check(List<NodeDef> nodes, Path modelJson) {
        Set<String> names = new HashSet<>();
        nodes.forEach(node -> names.add(node.getName()));
        for (NodeDef node : nodes) {
            if (!KNOWN_OPS.contains(node.getOp()) && !KNOWN_OPS.contains(node.getOp().substring(1))) {
                throw new IllegalArgumentException(modelJson + ": node " + node.getName() + " uses the operation "
                        + node.getOp() + ", which Argus does not run");
            }
            for (String input : node.getInputList()) {
                String source = input.replaceFirst("^\\^", "").replaceFirst(":\\d+$", "");
                if (!names.contains(source)) {
                    throw new IllegalArgumentException(modelJson + ": node " + node.getName() + " reads " + input
                            + ", which is not in the graph");
                }
            }
        }
    }
}
