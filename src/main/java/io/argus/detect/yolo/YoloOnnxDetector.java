package io.argus.detect.yolo;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.argus.detect.Detection;
import io.argus.detect.Detector;
import io.argus.detect.ModelFiles;
import io.argus.detect.OpenCv;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;

/**
 * A YOLOv5, YOLOv8 or YOLO11 ONNX export (ultralytics {@code export format=onnx}) in ONNX Runtime,
 * with a class-names file. The heads lay out their single output differently; {@link YoloDecoder}
 * tells them apart by its shape. The input size must be the one the model was exported with
 * (640×640 unless {@code imgsz} said otherwise). With one thread per image, ONNX Runtime runs the
 * graph on the calling thread, so workers detect side by side; an instance is one worker's and keeps
 * its input buffer from image to image.
 */
public final class YoloOnnxDetector implements Detector {
    public static final String NAME = "yolo-onnx";

    /** @param threads ONNX Runtime's threads for one image */
    public record Settings(Path model, Path names, int inputWidth, int inputHeight, double confidenceThreshold,
                           double nmsThreshold, int threads) {
    }

    private final Settings settings;
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final String input;
    private final YoloDecoder decoder;
    private final float[] pixels;
    private final FloatBuffer inputBuffer;

    public YoloOnnxDetector(Settings settings) {
        OpenCv.load();
        this.settings = settings;
        ModelFiles.requireReadable(settings.model(), settings.names());
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.threads());
            options.setInterOpNumThreads(1);
            this.session = environment.createSession(settings.model().toString(), options);
            this.input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load " + settings.model() + ": " + e.getMessage(), e);
        }
        this.decoder = new YoloDecoder(ModelFiles.classNames(settings.names()), settings.confidenceThreshold(),
                settings.nmsThreshold());
        this.pixels = new float[3 * settings.inputWidth() * settings.inputHeight()];
        this.inputBuffer = ByteBuffer.allocateDirect(pixels.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return settings.model().getFileName().toString();
    }

    @Override
    public String engine() {
        return "onnxruntime-" + environment.getVersion();
    }

    @Override
    public List<Detection> detect(Mat image) {
        int width = settings.inputWidth();
        int height = settings.inputHeight();
        Mat blob = Dnn.blobFromImage(image, 1 / 255.0, new Size(width, height), new Scalar(0, 0, 0), true, false);
        blob.reshape(1, 1).get(0, 0, pixels);
        blob.release();
        inputBuffer.clear();
        inputBuffer.put(pixels).flip();
        Mat output = null;
        // A direct buffer becomes the tensor's memory as it is, without a copy.
        try (OnnxTensor tensor = OnnxTensor.createTensor(environment, inputBuffer, new long[] {1, 3, height, width});
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            OnnxTensor first = (OnnxTensor) result.get(0);
            long[] shape = first.getInfo().getShape();
            if (shape.length != 3) {
                throw new IllegalArgumentException("a YOLO ONNX output is [1, a, b]; got " + java.util.Arrays.toString(shape));
            }
            FloatBuffer values = first.getFloatBuffer();
            float[] flat = new float[values.remaining()];
            values.get(flat);
            output = new Mat(new int[] {(int) shape[0], (int) shape[1], (int) shape[2]}, CvType.CV_32F);
            output.put(new int[] {0, 0, 0}, flat);
            return decoder.decodeOnnx(output, width, height, image.cols(), image.rows());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on this image: " + e.getMessage(), e);
        } finally {
            if (output != null) {
                output.release();
            }
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session", e);
        }
    }
}
