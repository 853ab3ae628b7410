package io.argus.detect;

import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Finds objects in a decoded image. Implementations are chosen by configuration and the rest of
 * Argus does not know which one runs. An instance is used by one worker thread at a time.
 */
public interface Detector extends AutoCloseable {
    /** The detector's name as configured, e.g. {@code opencv-builtin} or {@code yolo-darknet}. */
    String name();

    /** What it runs: the model files or the built-in models, for the metadata's {@code model_used}. */
    String model();

    /** What runs the model, with its version, for the metadata's {@code detector_version}. */
    default String engine() {
        return "opencv-" + org.opencv.core.Core.VERSION;
    }

    /** @param image an 8-bit BGR image, as OpenCV decodes it */
    List<Detection> detect(Mat image);

    /**
     * Runs once on a blank image, so that the first real images do not pay for what an engine does on
     * its first run (TensorFlow optimises its graph, oneDNN and OpenCV pick their kernels).
     */
    default void warmUp() {
        Mat blank = Mat.zeros(480, 640, CvType.CV_8UC3);
        try {
            detect(blank);
        } finally {
            blank.release();
        }
    }

    @Override
    default void close() {
    }
}
