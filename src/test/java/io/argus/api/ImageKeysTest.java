package io.argus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which keys /api/images serves: only images and annotated copies, and no way out of their prefixes. */
class ImageKeysTest {
    private final ImagesApi images = new ImagesApi(null, "argus", List.of("images/", "annotated/"), null);

    @Test
    void keysUnderTheImagePrefixesAreServed() {
        assertThatCode(() -> images.check("images/cam/1/frame_000001.jpg")).doesNotThrowAnyException();
        assertThatCode(() -> images.check("annotated/lab/astronaut.png.jpg")).doesNotThrowAnyException();
        assertThatCode(() -> images.check("images/with space and ünïcode.png")).doesNotThrowAnyException();
    }

    @Test
    void anyOtherKeyIsRefusedNamingTheKeyParameter() {
        for (String key : List.of("", "metadata/x.json", "images/../metadata/x.json", "images/./a.jpg",
                "images//a.jpg", "images/a.jpg/..", "images\\..\\metadata\\x.json", "images/a\nb.jpg",
                "imagesx/a.jpg", "images/" + "a".repeat(1100))) {
            BadParameterException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                    BadParameterException.class, () -> images.check(key));
            assertThat(refused).as(key).isNotNull();
            assertThat(refused.parameter()).isEqualTo("key");
        }
    }
}
