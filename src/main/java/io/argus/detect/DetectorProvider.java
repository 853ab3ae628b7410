package io.argus.detect;

import io.argus.config.ArgusConfig;
import io.argus.config.DetectorSpec;

/**
 * A detector plugin, beside its detector's code: what the configuration knows of it and how to make
 * one. The rest of Argus reaches detectors only through this interface ({@link Detectors}). A new
 * detector is a package of its own with a provider listed in
 * {@code META-INF/services/io.argus.config.DetectorSpec}.
 */
public interface DetectorProvider extends DetectorSpec {

    /** A detector for one worker, with a network of its own; its own settings are in {@code config}. */
    Detector create(ArgusConfig.Detect config);
}
