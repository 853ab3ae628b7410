package io.argus.ingest;

import io.argus.config.ArgusConfig;
import io.argus.wiring.Feature;
import io.argus.wiring.Platform;
import java.util.ServiceLoader;

/**
 * Ingest: the routes of each {@link FrameSource} (the inbox route and its publishing half), the S3
 * ledger, reprocessing (route and MBean {@code io.argus:type=Images}); the steps are bound as
 * {@code ingestSteps} for YAML routes.
 */
public final class IngestFeature implements Feature {
    static final String MBEAN = "io.argus:type=Images";

    @Override
    public void wire(Platform platform) {
        ArgusConfig config = platform.config();
        IngestLedger ledger = new IngestLedger(platform.clients().s3(), platform.json(), config.s3());
        IngestSteps steps = new IngestSteps(
                new ImageInspector(config.ingest().maxFileSize(), config.ingest().exifZone()),
                new InboxFiles(config.inbox()), platform.json(), config.s3(), config.ingest().videoFrameInterval(),
                platform.clock());
        platform.bind("ingestSteps", steps);
        FrameSource.Ingest ingest = new FrameSource.Ingest(config, steps, ledger);
        ServiceLoader.load(FrameSource.class).forEach(source -> platform.addRoutes(source.routes(ingest)));
        platform.addRoutes(new ReprocessRoute(new Reprocess(platform.clients().s3(), ledger, platform.json(), config.s3())));
        platform.registerMBean(new ImagesControl(request -> platform.camel().createFluentProducerTemplate()
                .to("direct:" + ReprocessRoute.ROUTE_ID).withBody(request).request(Integer.class)), MBEAN);
    }
}
