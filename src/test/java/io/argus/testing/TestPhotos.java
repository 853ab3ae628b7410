package io.argus.testing;

import io.argus.bench.LabelledSet;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real photos and video from Debian packages (opencv-doc, python3-skimage), fetched by
 * `./argus test` into $ARGUS_TEST_DATA (default ~/.cache/argus/test-data). Missing ones fail loudly.
 */
public final class TestPhotos {
    private TestPhotos() {
    }

    /** Where `./argus test` keeps the photos (and the models, under models/). */
    public static Path folder() {
        return LabelledSet.defaultFolder();
    }

    public static Path get(String name) {
        Path file = folder().resolve(name);
        if (!Files.isReadable(file)) {
            throw new AssertionError("test photo " + file + " is missing: run the tests with ./argus test,"
                    + " which fetches it from Debian's opencv-doc, python3-skimage and darknet packages");
        }
        return file;
    }
}
