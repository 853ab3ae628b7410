package io.argus.detect.centernet;

import io.argus.config.ArgusConfig;
import io.argus.detect.Detector;
import io.argus.detect.DetectorProvider;
import io.argus.detect.Detectors;
import io.argus.models.KnownModel;
import io.argus.models.ModelCatalog;
import java.util.Optional;

/** The default detector: the COCO CenterNet that {@code argus models pull centernet} installs, on TensorFlow. */
public final class CenterNetProvider implements DetectorProvider {
    @Override
    public String name() {
        return CenterNetDetector.NAME;
    }

    @Override
    public Optional<KnownModel> installedModel() {
        return Optional.of(ModelCatalog.CENTERNET);
    }

    @Override
    public int usualInputSize() {
        return 512;
    }

    @Override
    public double usualThreshold() {
        return 0.3;
    }

    @Override
    public Detector create(ArgusConfig.Detect config) {
        return new CenterNetDetector(new CenterNetDetector.Settings(
                config.modelsDir().resolve(ModelCatalog.CENTERNET.name()).resolve("centernet.json"),
                ModelCatalog.CENTERNET.classNames(), config.detectorThreshold(), config.nmsThreshold(),
                Detectors.threadsPerWorker(config)));
    }
}
