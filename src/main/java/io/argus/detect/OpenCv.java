package io.argus.detect;

/** Loads OpenCV's native library (bundled for Linux, macOS and Windows by org.openpnp:opencv) once. */
public final class OpenCv {
    private static boolean loaded;

    private OpenCv() {
    }

    public static synchronized void load() {
        if (!loaded) {
            nu.pattern.OpenCV.loadLocally();
            loaded = true;
        }
    }
}
