package io.argus.ingest;

import io.argus.config.ArgusConfig;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.IdempotentRepository;

/**
 * A source of images for the ingest flow, found by {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/io.argus.ingest.FrameSource}): the inbox folder ({@link InboxSource}) is
 * the first, and live cameras come beside it. Each makes the routes that take its images in.
 */
public interface FrameSource {

    RoutesBuilder routes(Ingest ingest);

    /** What the ingest flow shares with every source: the configuration, its steps and the ledger of published images. */
    record Ingest(ArgusConfig config, IngestSteps steps, IdempotentRepository ledger) {
    }
}
