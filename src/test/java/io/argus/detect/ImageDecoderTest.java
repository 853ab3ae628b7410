package io.argus.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.errors.PoisonMessageException;
import io.argus.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * JPEGs decoded by the system's libjpeg-turbo must look to the detectors exactly as OpenCV's own
 * decoder would give them, EXIF orientation included; other formats and refused JPEGs go to OpenCV.
 */
class ImageDecoderTest {
    private static final long MAX_BYTES = 50_000_000;
    private static final long MAX_PIXELS = 40_000_000;
    private static TurboJpeg turboJpeg;
    private static ImageDecoder withTurboJpeg;
    private static ImageDecoder openCvOnly;

    @BeforeAll
    static void codecs() {
        turboJpeg = TurboJpeg.system().orElseThrow(() -> new AssertionError(
                "libturbojpeg is not installed: ./argus test installs it (Debian: libturbojpeg0)"));
        withTurboJpeg = new ImageDecoder(MAX_BYTES, MAX_PIXELS, Optional.of(turboJpeg));
        openCvOnly = new ImageDecoder(MAX_BYTES, MAX_PIXELS, Optional.empty());
    }

    @Test
    void aPhotoDecodesToTheSamePixelsAsWithOpenCv() throws IOException {
        byte[] jpeg = Files.readAllBytes(TestPhotos.get("messi5.jpg"));

        Mat fast = withTurboJpeg.decode(jpeg);
        Mat reference = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);

        assertThat(fast.size()).isEqualTo(reference.size());
        assertThat(fast.type()).isEqualTo(reference.type());
        assertThat(largestDifference(fast, reference)).as("largest difference of a channel").isLessThanOrEqualTo(1);
    }

    /** A landscape photo tagged with each EXIF orientation comes out upright, as OpenCV turns it. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void theExifOrientationIsAppliedAsOpenCvDoes(int orientation) {
        Mat landscape = new Mat(Imgcodecs.imread(TestPhotos.get("chelsea.png").toString()), new Rect(0, 0, 400, 240));
        byte[] jpeg = withExifOrientation(jpeg(landscape), orientation);

        Mat fast = withTurboJpeg.decode(jpeg);
        Mat reference = openCvOnly.decode(jpeg);

        assertThat(fast.cols()).isEqualTo(orientation >= 5 ? 240 : 400);
        assertThat(fast.size()).isEqualTo(reference.size());
        assertThat(largestDifference(fast, reference)).as("largest difference of a channel").isLessThanOrEqualTo(1);
    }

    @Test
    void anEncodedImageDecodesCloseToTheOriginal() {
        Mat photo = Imgcodecs.imread(TestPhotos.get("chelsea.png").toString());

        byte[] jpeg = turboJpeg.encode(photo, 95);
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);

        assertThat(Arrays.copyOf(jpeg, 2)).containsExactly(0xff, 0xd8);
        assertThat(decoded.size()).isEqualTo(photo.size());
        assertThat(Core.PSNR(photo, decoded)).as("PSNR in dB").isGreaterThan(35);
    }

    @Test
    void aPngIsDecodedByOpenCv() throws IOException {
        byte[] png = Files.readAllBytes(TestPhotos.get("coffee.png"));

        Mat decoded = withTurboJpeg.decode(png);

        assertThat(largestDifference(decoded, Imgcodecs.imdecode(new MatOfByte(png), Imgcodecs.IMREAD_COLOR)))
                .isZero();
    }

    @Test
    void aCorruptJpegIsRefusedWithTheReason() throws IOException {
        byte[] jpeg = Files.readAllBytes(TestPhotos.get("messi5.jpg"));
        byte[] corrupt = Arrays.copyOf(jpeg, 300);
        Arrays.fill(corrupt, 20, 300, (byte) 0x5a);

        assertThatThrownBy(() -> withTurboJpeg.decode(corrupt))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("undecodable image: OpenCV cannot decode its 300 bytes");
    }

    @Test
    void aJpegOverThePixelLimitIsRefusedFromItsHeader() {
        byte[] jpeg = jpeg(Imgcodecs.imread(TestPhotos.get("chelsea.png").toString()));
        ImageDecoder strict = new ImageDecoder(MAX_BYTES, 100_000, Optional.of(turboJpeg));

        assertThatThrownBy(() -> strict.decode(jpeg))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("image of 451x300 pixels (its header says) is over argus.detect.max-image-pixels (100000)");
    }

    private static byte[] jpeg(Mat image) {
        MatOfByte jpeg = new MatOfByte();
        Imgcodecs.imencode(".jpg", image, jpeg);
        return jpeg.toArray();
    }

    /** The JPEG with an EXIF segment holding only the orientation tag, right after its start marker. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] exif = {
            (byte) 0xff, (byte) 0xe1, 0, 34,             // APP1 and its length
            'E', 'x', 'i', 'f', 0, 0,
            'M', 'M', 0, 42, 0, 0, 0, 8,                 // big-endian TIFF header, IFD0 at offset 8
            0, 1,                                        // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // orientation, SHORT, count 1
            0, 0, 0, 0,                                  // no next IFD
        };
        byte[] tagged = new byte[jpeg.length + exif.length];
        System.arraycopy(jpeg, 0, tagged, 0, 2);
        System.arraycopy(exif, 0, tagged, 2, exif.length);
        System.arraycopy(jpeg, 2, tagged, 2 + exif.length, jpeg.length - 2);
        return tagged;
    }

    private static double largestDifference(Mat a, Mat b) {
        Mat difference = new Mat();
        Core.absdiff(a, b, difference);
        return Core.minMaxLoc(difference.reshape(1)).maxVal;
    }
}
