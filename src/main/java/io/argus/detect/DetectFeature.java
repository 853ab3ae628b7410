package io.argus.detect;

import io.argus.config.ArgusConfig;
import io.argus.wiring.Feature;
import io.argus.wiring.Platform;
import org.opencv.core.Core;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Detection: the detectors (made before the routes start), the steps (bound as {@code detectSteps}) and the route. */
public final class DetectFeature implements Feature {
    private static final Logger LOG = LoggerFactory.getLogger(DetectFeature.class);

    @Override
    public void wire(Platform platform) {
        ArgusConfig.Detect config = platform.config().detect();
        config.fallback().ifPresent(why -> LOG.warn("Detector: opencv-builtin, as {}", why));
        config.verifyModel();
        // OpenCV's threads per image before the detectors are made and warmed up, so they warm up as they run.
        OpenCv.load();
        Core.setNumThreads(Detectors.threadsPerWorker(config));
        // A detector that cannot be made (missing model files) stops start-up.
        DetectorPool detectors = platform.closeWithRuntime(
                new DetectorPool(Detectors.factory(config), config.workers()));
        DetectSteps steps = new DetectSteps(platform.clients().s3(), platform.json(), platform.config().s3(), config,
                detectors, platform.clock());
        platform.bind("detectSteps", steps);
        platform.addRoutes(new DetectRoute(steps));
    }
}
