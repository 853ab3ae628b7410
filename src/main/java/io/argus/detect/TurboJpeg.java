package io.argus.detect;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Optional;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * JPEG decoding and encoding with the system's libjpeg-turbo (Debian's {@code libturbojpeg0}),
 * through its TurboJPEG API. The OpenCV jar bundles a libjpeg-turbo built without its SIMD code;
 * the system's has it, and is about 2.5 times faster to decode and 5 times faster to encode a
 * 640×480 photo. A handle per call: TurboJPEG handles are not thread-safe, and making one costs
 * microseconds against the image's milliseconds.
 */
final class TurboJpeg {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TurboJpeg.class);
    private static final int PIXEL_FORMAT_BGR = 1;
    private static final int SUBSAMPLING_420 = 2;
    private static final int ERROR_WARNING = 0;

    /** The TurboJPEG 2 functions used, as declared in turbojpeg.h. */
    private interface Api extends Library {
        Pointer tjInitDecompress();

        Pointer tjInitCompress();

        int tjDecompressHeader3(Pointer handle, byte[] jpeg, NativeLong size, IntByReference width,
                                IntByReference height, IntByReference subsampling, IntByReference colorspace);

        int tjDecompress2(Pointer handle, byte[] jpeg, NativeLong size, Pointer destination, int width, int pitch,
                          int height, int pixelFormat, int flags);

        int tjCompress2(Pointer handle, Pointer source, int width, int pitch, int height, int pixelFormat,
                        PointerByReference jpeg, NativeLongByReference size, int subsampling, int quality, int flags);

        String tjGetErrorStr2(Pointer handle);

        int tjGetErrorCode(Pointer handle);

        void tjFree(Pointer buffer);

        int tjDestroy(Pointer handle);
    }

    private final Api api;

    private TurboJpeg(Api api) {
        this.api = api;
    }

    /** The system's libturbojpeg, or empty (with the reason logged once) where it is not installed. */
    static Optional<TurboJpeg> system() {
        return Holder.SYSTEM;
    }

    private static final class Holder {
        private static final Optional<TurboJpeg> SYSTEM = load();

        private static Optional<TurboJpeg> load() {
            OpenCv.load();
            try {
                TurboJpeg codec = new TurboJpeg(Native.load("turbojpeg", Api.class));
                LOG.info("JPEG codec: the system's libjpeg-turbo (libturbojpeg)");
                return Optional.of(codec);
            } catch (UnsatisfiedLinkError e) {
                LOG.warn("libturbojpeg is not installed (Debian/Ubuntu: apt-get install libturbojpeg0, or libturbojpeg"
                        + " on Ubuntu): JPEGs are decoded and encoded by OpenCV's slower built-in codec");
                return Optional.empty();
            }
        }
    }

    /** Checks an image's size from its header, before any pixel memory is allocated. */
    @FunctionalInterface
    interface SizeCheck {
        void check(int width, int height);
    }

    /**
     * @return the image as 8-bit BGR (the caller releases it), or empty when libjpeg-turbo cannot
     *     decode it (not a JPEG, a colour space it does not convert such as CMYK, corrupt data); a
     *     warning such as a truncated scan still gives the image, as OpenCV's decoder does
     */
    Optional<Mat> decode(byte[] jpeg, SizeCheck sizeCheck) {
        Pointer handle = api.tjInitDecompress();
        try {
            NativeLong size = new NativeLong(jpeg.length);
            IntByReference width = new IntByReference();
            IntByReference height = new IntByReference();
            if (api.tjDecompressHeader3(handle, jpeg, size, width, height, new IntByReference(),
                    new IntByReference()) != 0) {
                LOG.debug("libjpeg-turbo cannot read the header: {}", api.tjGetErrorStr2(handle));
                return Optional.empty();
            }
            sizeCheck.check(width.getValue(), height.getValue());
            Mat image = new Mat(height.getValue(), width.getValue(), CvType.CV_8UC3);
            if (api.tjDecompress2(handle, jpeg, size, new Pointer(image.dataAddr()), width.getValue(), 0,
                    height.getValue(), PIXEL_FORMAT_BGR, 0) != 0 && api.tjGetErrorCode(handle) != ERROR_WARNING) {
                LOG.debug("libjpeg-turbo cannot decode: {}", api.tjGetErrorStr2(handle));
                image.release();
                return Optional.empty();
            }
            return Optional.of(image);
        } finally {
            api.tjDestroy(handle);
        }
    }

    /** @param image 8-bit BGR, as the detectors see it */
    byte[] encode(Mat image, int quality) {
        if (image.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("not an 8-bit BGR image: " + CvType.typeToString(image.type()));
        }
        Mat continuous = image.isContinuous() ? image : image.clone();
        Pointer handle = api.tjInitCompress();
        PointerByReference jpeg = new PointerByReference();
        NativeLongByReference size = new NativeLongByReference();
        try {
            if (api.tjCompress2(handle, new Pointer(continuous.dataAddr()), continuous.cols(), 0, continuous.rows(),
                    PIXEL_FORMAT_BGR, jpeg, size, SUBSAMPLING_420, quality, 0) != 0) {
                throw new IllegalStateException("libjpeg-turbo cannot encode: " + api.tjGetErrorStr2(handle));
            }
            return jpeg.getValue().getByteArray(0, Math.toIntExact(size.getValue().longValue()));
        } finally {
            if (jpeg.getValue() != null) {
                api.tjFree(jpeg.getValue());
            }
            api.tjDestroy(handle);
            if (continuous != image) {
                continuous.release();
            }
        }
    }
}
