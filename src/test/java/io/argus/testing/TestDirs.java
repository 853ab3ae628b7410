package io.argus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Temporary data directories that the unprivileged user of the local Elasticsearch can reach
 * (tests run as root here, and a JDK temporary directory is private to its owner).
 */
public final class TestDirs {
    private TestDirs() {
    }

    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
