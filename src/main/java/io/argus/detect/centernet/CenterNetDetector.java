package io.argus.detect.centernet;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.argus.detect.Boxes;
import io.argus.detect.Detection;
import io.argus.detect.Detector;
import io.argus.detect.ModelFiles;
import io.argus.detect.OpenCv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * MobileNetV3-CenterNet trained on COCO (the TensorFlow.js graph model that npm's
 * {@code @vladmandic/human} ships), run by TensorFlow. The image is resized to 512×512 RGB, 0..255
 * (the model divides by 255 itself). The graph is cut at its two heads: a class heatmap of 128×128
 * cells × 80 classes (sigmoid applied), and per cell the left, top, right and bottom distances of the
 * box from the cell's position (stride 4) in input pixels. Decoding: a cell is an object where its
 * score is the highest of its 3×3 neighbourhood for that class and at least the threshold; the best
 * 100 go through class-agnostic non-maximum suppression.
 *
 * <p>The graph runs on the calling thread (a negative inter-op count): a session otherwise runs its
 * operations on TensorFlow's process-wide inter-op pool, sized by the first session made, so with one
 * thread per image every worker's images queued behind one another on that pool's single thread.
 * The graph's own decoded output ({@code tower_0/detections}, peaks and top 100 in the graph) costs
 * more CPU per image than decoding the heads here, so the heads are fetched.
 *
 * <p>An instance is one worker's: it keeps its input and output buffers from image to image.
 */
public final class CenterNetDetector implements Detector {
    public static final String NAME = "centernet";
    static final int INPUT = 512;
    private static final int STRIDE = 4;
    private static final int CELLS = INPUT / STRIDE;
    private static final int MAX_OBJECTS = 100;
    private static final String INPUT_NODE = "tower_0/images";
    private static final String HEATMAP_NODE = "tower_0/Sigmoid";
    private static final String BOXES_NODE = "tower_0/mul";
    /** ConfigProto's inter-op thread count that runs every operation on the thread calling run. */
    private static final int RUN_ON_CALLER = -1;

    /**
     * @param modelJson the model's {@code model.json} (its weight file beside it)
     * @param classNames one per class, in the heatmap's order
     * @param threads TensorFlow's threads for one image
     */
    public record Settings(Path modelJson, List<String> classNames, double confidenceThreshold, double nmsThreshold,
                           int threads) {
    }

    static {
        // Before TensorFlow loads: its oneDNN kernels run this model about 1.5 times faster on a core, and its
        // informational logging would go to standard error. Set in the environment, either wins.
        LibC libc = Native.load("c", LibC.class);
        libc.setenv("TF_ENABLE_ONEDNN_OPTS", "1", 0);
        libc.setenv("TF_CPP_MIN_LOG_LEVEL", "2", 0);
    }

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    private final Settings settings;
    private final Graph graph;
    private final Session session;
    private final TFloat32 input;
    private final float[] pixels = new float[INPUT * INPUT * 3];
    private final float[] heatmap;
    private final float[] distances = new float[CELLS * CELLS * 4];
    private final Mat scale;
    private final Mat resized;
    private final Mat rgb;
    private final Mat floats;

    public CenterNetDetector(Settings settings) {
        OpenCv.load();
        this.settings = settings;
        ModelFiles.requireReadable(settings.modelJson());
        this.scale = new Mat(2, 3, CvType.CV_64F);
        this.resized = new Mat();
        this.rgb = new Mat();
        this.floats = new Mat();
        this.heatmap = new float[CELLS * CELLS * settings.classNames().size()];
        this.input = TFloat32.tensorOf(Shape.of(1, INPUT, INPUT, 3));
        this.graph = new Graph();
        try {
            graph.importGraphDef(TfjsGraphModel.read(settings.modelJson()));
            this.session = new Session(graph, ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(settings.threads())
                    .setInterOpParallelismThreads(RUN_ON_CALLER)
                    .build());
        } catch (RuntimeException e) {
            graph.close();
            input.close();
            throw e;
        }
        if (graph.operation(INPUT_NODE) == null || graph.operation(HEATMAP_NODE) == null
                || graph.operation(BOXES_NODE) == null) {
            close();
            throw new IllegalArgumentException(settings.modelJson() + " is not the CenterNet graph Argus knows"
                    + " (input " + INPUT_NODE + ", heads " + HEATMAP_NODE + " and " + BOXES_NODE + ")");
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return "centernet-mobilenetv3-coco (" + settings.modelJson().getFileName() + ")";
    }

    @Override
    public String engine() {
        return "tensorflow-" + org.tensorflow.TensorFlow.version();
    }

    @Override
    public List<Detection> detect(Mat image) {
        writePixels(image);
        input.copyFrom(DataBuffers.of(pixels, true, false));
        try (Result result = session.runner().feed(INPUT_NODE, input).fetch(HEATMAP_NODE).fetch(BOXES_NODE).run()) {
            ((TFloat32) result.get(0)).copyTo(DataBuffers.of(heatmap, false, false));
            ((TFloat32) result.get(1)).copyTo(DataBuffers.of(distances, false, false));
        }
        return decode(heatmap, distances, image.cols(), image.rows());
    }

    /** The image into {@link #pixels} as the network takes it: 512×512, RGB, float 0..255, rows of pixels of channels. */
    private void writePixels(Mat image) {
        // As TensorFlow's resizeBilinear (no half-pixel centres) that the model's reference code uses:
        // input pixel (x, y) samples the image at (x · width / 512, y · height / 512).
        scale.put(0, 0, (double) image.cols() / INPUT, 0, 0, 0, (double) image.rows() / INPUT, 0);
        Imgproc.warpAffine(image, resized, scale, new Size(INPUT, INPUT),
                Imgproc.INTER_LINEAR | Imgproc.WARP_INVERSE_MAP, Core.BORDER_REPLICATE);
        Imgproc.cvtColor(resized, rgb, Imgproc.COLOR_BGR2RGB);
        rgb.convertTo(floats, CvType.CV_32FC3);
        floats.get(0, 0, pixels);
    }

    List<Detection> decode(float[] heatmap, float[] distances, int imageWidth, int imageHeight) {
        int classes = settings.classNames().size();
        List<Detection> candidates = new ArrayList<>();
        double scaleX = (double) imageWidth / INPUT;
        double scaleY = (double) imageHeight / INPUT;
        for (int row = 0; row < CELLS; row++) {
            for (int col = 0; col < CELLS; col++) {
                int cell = row * CELLS + col;
                for (int c = 0; c < classes; c++) {
                    float score = heatmap[cell * classes + c];
                    if (score < settings.confidenceThreshold() || !isPeak(heatmap, row, col, c, score)) {
                        continue;
                    }
                    double left = (col * STRIDE - distances[cell * 4]) * scaleX;
                    double top = (row * STRIDE - distances[cell * 4 + 1]) * scaleY;
                    double right = (col * STRIDE + distances[cell * 4 + 2]) * scaleX;
                    double bottom = (row * STRIDE + distances[cell * 4 + 3]) * scaleY;
                    candidates.add(new Detection(settings.classNames().get(c), c, score,
                            Boxes.clip(left, top, right, bottom, imageWidth, imageHeight)));
                }
            }
        }
        candidates.sort((a, b) -> Double.compare(b.confidence(), a.confidence()));
        return Boxes.suppress(candidates.subList(0, Math.min(MAX_OBJECTS, candidates.size())),
                settings.nmsThreshold());
    }

    /** Whether no neighbour of the cell (3×3, the same class) scores higher: a 3×3 max-pool's peak. */
    private boolean isPeak(float[] heatmap, int row, int col, int c, float score) {
        int classes = settings.classNames().size();
        for (int r = Math.max(0, row - 1); r <= Math.min(CELLS - 1, row + 1); r++) {
            for (int k = Math.max(0, col - 1); k <= Math.min(CELLS - 1, col + 1); k++) {
                if (heatmap[(r * CELLS + k) * classes + c] > score) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
        graph.close();
        input.close();
        List.of(scale, resized, rgb, floats).forEach(Mat::release);
    }
}
