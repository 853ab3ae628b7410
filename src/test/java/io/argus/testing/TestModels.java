package io.argus.testing;

import io.argus.models.ModelCatalog;
import io.argus.models.ModelStore;
import java.nio.file.Path;

/**
 * The models `./argus test` installs (with `argus models pull`, checksums checked) into
 * $ARGUS_TEST_DATA/models. A missing one fails loudly.
 */
public final class TestModels {
    private TestModels() {
    }

    /** The models directory, for {@code argus.models.dir}. */
    public static Path dir() {
        Path dir = TestPhotos.folder().resolve("models");
        if (!(new ModelStore(dir).status(ModelCatalog.CENTERNET) instanceof ModelStore.Status.Installed)) {
            throw new AssertionError("the default model is not installed in " + dir + ": run the tests with"
                    + " ./argus test, which installs it with `argus models pull centernet`");
        }
        return dir;
    }

    /** The default model's graph. */
    public static Path centerNet() {
        return dir().resolve(ModelCatalog.CENTERNET.name()).resolve("centernet.json");
    }
}
