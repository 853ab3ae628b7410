package io.argus.detect.yolo;

import io.argus.detect.Detection;
import io.argus.detect.Detector;
import io.argus.detect.ModelFiles;
import io.argus.detect.OpenCv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;

/**
 * YOLO from Darknet files (cfg + weights + class names) in OpenCV DNN. Defaults as in the original
 * pipeline: 416×416 input, scale 1/255, channels swapped to RGB, confidence 0.5, NMS 0.4.
 */
public final class YoloDarknetDetector implements Detector {
    public static final String NAME = "yolo-darknet";

    public record Settings(Path cfg, Path weights, Path names, int inputWidth, int inputHeight,
                           double confidenceThreshold, double nmsThreshold) {
    }

    private final Settings settings;
    private final Net net;
    private final List<String> outputNames;
    private final YoloDecoder decoder;

    public YoloDarknetDetector(Settings settings) {
        OpenCv.load();
        this.settings = settings;
        ModelFiles.requireReadable(settings.cfg(), settings.weights(), settings.names());
        this.net = Dnn.readNetFromDarknet(settings.cfg().toString(), settings.weights().toString());
        this.outputNames = net.getUnconnectedOutLayersNames();
        this.decoder = new YoloDecoder(ModelFiles.classNames(settings.names()), settings.confidenceThreshold(),
                settings.nmsThreshold());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return settings.cfg().getFileName() + " + " + settings.weights().getFileName();
    }

    @Override
    public List<Detection> detect(Mat image) {
        List<Mat> outputs = forward(image);
        try {
            return decoder.decodeDarknet(outputs, image.cols(), image.rows());
        } finally {
            outputs.forEach(Mat::release);
        }
    }

    /** The raw outputs of the YOLO layers, one Mat of rows per layer. */
    List<Mat> forward(Mat image) {
        Mat blob = Dnn.blobFromImage(image, 1 / 255.0, new Size(settings.inputWidth(), settings.inputHeight()),
                new Scalar(0, 0, 0), true, false);
        try {
            net.setInput(blob);
            List<Mat> outputs = new ArrayList<>();
            net.forward(outputs, outputNames);
            return outputs;
        } finally {
            blob.release();
        }
    }
}
