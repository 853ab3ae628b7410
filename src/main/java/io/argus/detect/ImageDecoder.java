package io.argus.detect;

import io.argus.ingest.ImageInspector;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/** Decodes image bytes for the detectors, refusing what is too large before decoding it. */
public final class ImageDecoder {
    private final long maxBytes;
    private final long maxPixels;

    public ImageDecoder(long maxBytes, long maxPixels) {
        OpenCv.load();
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** @return an 8-bit BGR image; the caller releases it */
    public Mat decode(byte[] image) {
        if (image.length > maxBytes) {
            throw new PoisonMessageException("image of " + image.length + " bytes is over argus.detect.max-image-bytes ("
                    + maxBytes + ")");
        }
        Optional<int[]> header = ImageInspector.headerDimensions(image);
        header.ifPresent(size -> checkPixels(size[0], size[1], "its header says"));
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(image), Imgcodecs.IMREAD_COLOR);
        if (decoded.empty()) {
            throw new PoisonMessageException("undecodable image: OpenCV cannot decode its " + image.length + " bytes");
        }
        checkPixels(decoded.cols(), decoded.rows(), "decoded");
        return decoded;
    }

    private void checkPixels(int width, int height, String source) {
        if ((long) width * height > maxPixels) {
            throw new PoisonMessageException("image of " + width + "x" + height + " pixels (" + source
                    + ") is over argus.detect.max-image-pixels (" + maxPixels + ")");
        }
    }
}
