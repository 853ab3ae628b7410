package io.argus.testing;

import io.argus.models.KnownModel;
import io.argus.models.ModelCatalog;
import io.argus.models.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
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

    /** A models directory in {@code dir} whose default model has every file, none with the content its checksum names. */
    public static Path damaged(Path dir) throws IOException {
        Path model = Files.createDirectories(dir.resolve("models").resolve(ModelCatalog.CENTERNET.name()));
        for (KnownModel.ModelFile file : ModelCatalog.CENTERNET.files()) {
            Files.writeString(model.resolve(file.name()), "not the model");
        }
        Files.writeString(model.resolve(KnownModel.NAMES_FILE), "person");
        return model.getParent();
    }

    /** The default model's graph. */
    public static Path centerNet() {
        return dir().resolve(ModelCatalog.CENTERNET.name()).resolve("centernet.json");
    }
}
