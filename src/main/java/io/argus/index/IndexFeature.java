package io.argus.index;

import io.argus.wiring.Feature;
import io.argus.wiring.Platform;

/**
 * Indexing: the batch counts (route {@code index}, bulk, deterministic ids), and the detection events
 * ({@code index-detections}) into the detections index and the live counts index.
 */
public final class IndexFeature implements Feature {

    @Override
    public void wire(Platform platform) {
        var elasticsearch = platform.clients().elasticsearch();
        platform.addRoutes(
                new IndexRoute(new CountsIndexer(elasticsearch, platform.config().index(), platform.json()),
                        platform.config().index(), platform.clock()),
                new DetectionsIndexRoute(new DetectionsIndex(elasticsearch, platform.config().index().detectionsName(),
                        platform.json()), new LiveCountsIndex(elasticsearch, platform.config().index().liveName(),
                        platform.config().batch().bucket(), platform.config().batch().minConfidence()),
                        platform.json()));
    }
}
