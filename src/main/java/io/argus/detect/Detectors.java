package io.argus.detect;

import io.argus.config.ArgusConfig;
import io.argus.config.DetectorSpec;
import java.util.function.Supplier;

/** Makes the configured detector through its provider; one instance per worker, each with its own network. */
public final class Detectors {
    private Detectors() {
    }

    public static Supplier<Detector> factory(ArgusConfig.Detect config) {
        DetectorSpec spec = config.spec();
        if (!(spec instanceof DetectorProvider provider)) {
            throw new IllegalStateException(spec.getClass().getName() + " describes the detector " + spec.name()
                    + " but is no " + DetectorProvider.class.getName() + ", which makes it");
        }
        return () -> provider.create(config);
    }

    /** Workers times a detector's own threads should not exceed the cores. */
    public static int threadsPerWorker(ArgusConfig.Detect config) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / config.workers());
    }
}
