package io.argus.ingest;

import org.apache.camel.RoutesBuilder;

/** The inbox folder: files dropped into {@code argus.inbox.dir}, sub-folders included, videos sampled to frames. */
public final class InboxSource implements FrameSource {
    @Override
    public RoutesBuilder routes(Ingest ingest) {
        return new IngestRoute(ingest.steps(), ingest.ledger(), ingest.config().inbox().stableFor());
    }
}
