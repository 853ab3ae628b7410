package io.argus.detect.centernet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** A TensorFlow.js graph model into a GraphDef TensorFlow runs: conversions, and what is refused before any native code. */
class TfjsGraphModelTest {
    @TempDir
    Path folder;

    @Test
    void theCenterNetGraphHasItsWeightsAndNoFusedDepthwiseConvolutionLeft() {
        GraphDef graph = TfjsGraphModel.read(TestModels.centerNet());
        assertThat(graph.getNodeList()).extracting(NodeDef::getOp).doesNotContain("FusedDepthwiseConv2dNative")
                .contains("DepthwiseConv2dNative", "_FusedConv2D", "Placeholder");
        NodeDef weights = graph.getNodeList().stream()
                .filter(node -> node.getName().equals("tower_0/extern1/Conv2D_weights")).findFirst().orElseThrow();
        assertThat(weights.getAttrOrThrow("value").getTensor().getTensorContent().size()).isEqualTo(120 * 480 * 4);
        assertThat(graph.getNodeList()).filteredOn(node -> node.getOp().equals("_FusedConv2D"))
                .allSatisfy(node -> assertThat(node.containsAttr("TArgs")).isTrue()).isNotEmpty();
    }

    @Test
    void halfPrecisionWeightsWidenExactly() {
        assertThat(TfjsGraphModel.halfToFloat((short) 0x3c00)).isEqualTo(1.0f);
        assertThat(TfjsGraphModel.halfToFloat((short) 0xc000)).isEqualTo(-2.0f);
        assertThat(TfjsGraphModel.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(TfjsGraphModel.halfToFloat((short) 0x0001)).isEqualTo(5.9604645e-8f);
        assertThat(TfjsGraphModel.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void anOperationArgusDoesNotKnowIsRefusedWithItsName() throws Exception {
        Path json = copyModel(text -> text.replaceFirst("\"op\":\"Relu6\"", "\"op\":\"PyFunc\""));
        assertThatThrownBy(() -> TfjsGraphModel.read(json)).hasMessageContaining("uses the operation PyFunc");
    }

    @Test
    void anInputThatIsNotInTheGraphIsRefused() throws Exception {
        Path json = copyModel(text -> text.replaceFirst("\"input\":\\[\"tower_0/images\"",
                "\"input\":[\"tower_0/nowhere\""));
        assertThatThrownBy(() -> TfjsGraphModel.read(json)).hasMessageContaining("reads tower_0/nowhere");
    }

    @Test
    void weightFilesOutsideTheModelsFolderAreRefused() throws Exception {
        Path json = copyModel(text -> text.replace("\"centernet.bin\"", "\"../../etc/passwd\""));
        assertThatThrownBy(() -> TfjsGraphModel.read(json)).hasMessageContaining("is not a file beside");
    }

    @Test
    void somethingElseThanAGraphModelIsRefused() throws Exception {
        Path json = folder.resolve("model.json");
        Files.writeString(json, "{\"format\": \"layers-model\", \"modelTopology\": {}}");
        assertThatThrownBy(() -> TfjsGraphModel.read(json)).hasMessageContaining("is not a TensorFlow.js graph model");
    }

    private Path copyModel(java.util.function.UnaryOperator<String> change) throws Exception {
        Path json = folder.resolve("centernet.json");
        String text = Files.readString(TestModels.centerNet());
        String changed = change.apply(text);
        assertThat(changed).as("the change applies").isNotEqualTo(text);
        Files.writeString(json, changed);
        Files.copy(TestModels.centerNet().resolveSibling("centernet.bin"), folder.resolve("centernet.bin"));
        return json;
    }
}
