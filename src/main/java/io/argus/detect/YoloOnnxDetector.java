package io.argus.detect;

import java.nio.file.Path;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import java.util.List;

/**
 * A YOLOv5 or YOLOv8 ONNX export (ultralytics {@code export format=onnx}) in OpenCV DNN, with a
 * class-names file. The two heads lay out their single output differently; {@link YoloDecoder}
 * tells them apart by its shape. The input size must be the one the model was exported with
 * (640×640 unless {@code imgsz} said otherwise).
 */
public final class YoloOnnxDetector implements Detector {
    public static final String NAME = "yolo-onnx";

    public record Settings(Path model, Path names, int inputWidth, int inputHeight, double confidenceThreshold,
                           double nmsThreshold) {
    }

    private final Settings settings;
    private final Net net;
    private final YoloDecoder decoder;

    public YoloOnnxDetector(Settings settings) {
        OpenCv.load();
        this.settings = settings;
        ModelFiles.requireReadable(settings.model(), settings.names());
        this.net = Dnn.readNetFromONNX(settings.model().toString());
        this.decoder = new YoloDecoder(ModelFiles.classNames(settings.names()), settings.confidenceThreshold(),
                settings.nmsThreshold());
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
    public List<Detection> detect(Mat image) {
        Mat blob = Dnn.blobFromImage(image, 1 / 255.0, new Size(settings.inputWidth(), settings.inputHeight()),
                new Scalar(0, 0, 0), true, false);
        Mat output = null;
        try {
            net.setInput(blob);
            output = net.forward();
            return decoder.decodeOnnx(output, settings.inputWidth(), settings.inputHeight(), image.cols(),
                    image.rows());
        } finally {
            blob.release();
            if (output != null) {
                output.release();
            }
        }
    }
}
