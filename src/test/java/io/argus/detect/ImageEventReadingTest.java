package io.argus.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.config.Settings;
import io.argus.errors.PoisonMessageException;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the detect flow takes from an image event: the image and its event time, or the reason it cannot. */
class ImageEventReadingTest {
    private final DetectSteps steps = steps();

    @Test
    void theCaptureTimeIsTheEventTimeAndUnknownFieldsAreIgnored() {
        ImageJob job = steps.parseEvent("""
                {"schema_version": 1, "image_path": "s3://argus/images/lab/a.jpg",
                 "upload_timestamp": "2026-03-28T10:15:00Z", "capture_timestamp": "2026-03-28T09:00:00+01:00",
                 "camera": "door"}""", 2, 41L);
        assertThat(job.image.s3Key()).isEqualTo("images/lab/a.jpg");
        assertThat(job.eventTime).isEqualTo("2026-03-28T08:00:00Z");
        assertThat(job.partition).isEqualTo(2);
        assertThat(job.offset).isEqualTo(41);
    }

    @Test
    void anOriginalPipelinesEventTakesItsUploadTimeAndAnUnreadableCaptureTimeIsPassedOver() {
        ImageJob job = steps.parseEvent("{\"image_path\": \"s3://argus/images/frame_000001.jpg\", "
                + "\"capture_timestamp\": \"yesterday\", \"upload_timestamp\": \"2026-03-28T10:15:00Z\"}", null, null);
        assertThat(job.eventTime).isEqualTo("2026-03-28T10:15:00Z");
        assertThat(job.partition).isZero();
        assertThat(job.offset).isZero();
    }

    @Test
    void textThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> steps.parseEvent("{not json", 0, 0L)).isInstanceOf(PoisonMessageException.class)
                .hasMessageStartingWith("malformed image event: not JSON (");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[1, 2]", "42"})
    void jsonThatIsNoObjectIsRefused(String body) {
        assertThatThrownBy(() -> steps.parseEvent(body, 0, 0L)).isInstanceOf(PoisonMessageException.class)
                .hasMessage("malformed image event: not a JSON object");
    }

    @Test
    void anImageOutsideTheImagesPrefixIsRefused() {
        assertThatThrownBy(() -> steps.parseEvent("{\"upload_timestamp\": \"2026-03-28T10:15:00Z\"}", 0, 0L))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("malformed image event: image_path '' is not an object under s3://argus/images/");
        assertThatThrownBy(() -> steps.parseEvent("{\"image_path\": \"s3://elsewhere/images/a.jpg\", "
                + "\"upload_timestamp\": \"2026-03-28T10:15:00Z\"}", 0, 0L))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("malformed image event: image_path 's3://elsewhere/images/a.jpg' is not an object under "
                        + "s3://argus/images/");
    }

    @Test
    void anEventWithoutAnIsoTimeIsRefused() {
        assertThatThrownBy(() -> steps.parseEvent("{\"image_path\": \"s3://argus/images/a.jpg\", "
                + "\"upload_timestamp\": \"2026-03-28 10:15:00\"}", 0, 0L))
                .isInstanceOf(PoisonMessageException.class)
                .hasMessage("malformed image event: no capture_timestamp or upload_timestamp in ISO-8601");
    }

    private static DetectSteps steps() {
        Properties settings = Settings.defaults();
        settings.setProperty("argus.detect.detector", "opencv-builtin");
        ArgusConfig config = ArgusConfig.from(settings);
        return new DetectSteps(null, new ObjectMapper(), config.s3(), config.detect(), null, Clock.systemUTC());
    }
}
