package io.argus.detect;

import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import io.argus.errors.PoisonMessageException;
import io.argus.images.ImageDimensions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decodes image bytes for the detectors, refusing what is too large before decoding it. JPEGs go to
 * libjpeg-turbo where the system has it ({@link TurboJpeg}), everything else (and any JPEG it
 * refuses) to OpenCV; either way the EXIF orientation is applied, as OpenCV does.
 */
public final class ImageDecoder {
    private final long maxBytes;
    private final long maxPixels;
    private final Optional<TurboJpeg> jpegCodec;

    public ImageDecoder(long maxBytes, long maxPixels) {
        this(maxBytes, maxPixels, TurboJpeg.system());
    }

    ImageDecoder(long maxBytes, long maxPixels, Optional<TurboJpeg> jpegCodec) {
        OpenCv.load();
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.jpegCodec = jpegCodec;
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
        if (isJpeg(image) && jpegCodec.isPresent()) {
            Optional<Mat> decoded = jpegCodec.get().decode(image,
                    (width, height) -> checkPixels(width, height, "its header says"));
            if (decoded.isPresent()) {
                return oriented(decoded.get(), exifOrientation(image));
            }
        }
        Optional<int[]> header = ImageDimensions.ofHeader(image);
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

    private static boolean isJpeg(byte[] image) {
        return image.length > 3 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8 && (image[2] & 0xff) == 0xff;
    }

    /** The EXIF orientation (1 to 8, 1 = as stored), from the APP1 segments only. */
    private static int exifOrientation(byte[] jpeg) {
        try {
            ExifIFD0Directory ifd0 = JpegMetadataReader.readMetadata(new ByteArrayInputStream(jpeg),
                    List.of(new ExifReader())).getFirstDirectoryOfType(ExifIFD0Directory.class);
            return ifd0 != null && ifd0.containsTag(ExifDirectoryBase.TAG_ORIENTATION)
                    ? ifd0.getInt(ExifDirectoryBase.TAG_ORIENTATION) : 1;
        } catch (JpegProcessingException | IOException | MetadataException | RuntimeException e) {
            return 1;
        }
    }

    /** Turns the stored pixels upright, with the same transforms as OpenCV's imdecode. */
    private static Mat oriented(Mat stored, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return stored;
        }
        // Core.flip's codes: 1 mirrors left-right, 0 top-bottom, -1 both.
        int flip = switch (orientation) {
            case 2, 6 -> 1;
            case 3, 7 -> -1;
            default -> 0;
        };
        Mat upright = new Mat();
        if (orientation >= 5) {
            Core.transpose(stored, upright);
            if (orientation != 5) {
                Core.flip(upright, upright, flip);
            }
        } else {
            Core.flip(stored, upright, flip);
        }
        stored.release();
        return upright;
    }
}
