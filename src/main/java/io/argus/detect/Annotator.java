package io.argus.detect;

import java.util.List;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** Draws the boxes and labels on a copy of the image, as a JPEG for the dashboard. */
final class Annotator {
    private static final Scalar BOX = new Scalar(40, 200, 255);
    private static final Scalar TEXT = new Scalar(0, 0, 0);
    /** OpenCV's default JPEG quality, whichever codec encodes. */
    private static final int QUALITY = 95;

    private final Optional<TurboJpeg> jpegCodec;

    Annotator(Optional<TurboJpeg> jpegCodec) {
        this.jpegCodec = jpegCodec;
    }

    byte[] annotate(Mat image, List<Detection> detections) {
        Mat copy = image.clone();
        try {
            int thickness = Math.max(2, Math.min(copy.cols(), copy.rows()) / 300);
            double scale = Math.max(0.5, Math.min(copy.cols(), copy.rows()) / 800.0);
            for (Detection detection : detections) {
                Box box = detection.box();
                Imgproc.rectangle(copy, new Rect(box.x(), box.y(), box.width(), box.height()), BOX, thickness);
                String text = String.format("%s %.2f", detection.label(), detection.confidence());
                int[] baseline = new int[1];
                org.opencv.core.Size size = Imgproc.getTextSize(text, Imgproc.FONT_HERSHEY_SIMPLEX, scale, 1, baseline);
                int top = Math.max(0, box.y() - (int) size.height - 6);
                Imgproc.rectangle(copy, new Point(box.x(), top), new Point(box.x() + size.width + 4, top + size.height + 6),
                        BOX, Imgproc.FILLED);
                Imgproc.putText(copy, text, new Point(box.x() + 2, top + size.height + 2), Imgproc.FONT_HERSHEY_SIMPLEX,
                        scale, TEXT, 1, Imgproc.LINE_AA);
            }
            if (jpegCodec.isPresent()) {
                return jpegCodec.get().encode(copy, QUALITY);
            }
            MatOfByte jpeg = new MatOfByte();
            Imgcodecs.imencode(".jpg", copy, jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, QUALITY));
            return jpeg.toArray();
        } finally {
            copy.release();
        }
    }
}
