package io.argus.detect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The files a model detector loads: each must be readable, and class names are one per line. */
public final class ModelFiles {
    private ModelFiles() {
    }

    public static void requireReadable(Path... files) {
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new IllegalStateException("YOLO model file missing or unreadable: " + file);
            }
        }
    }

    public static List<String> classNames(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read class names from " + file, e);
        }
    }
}
