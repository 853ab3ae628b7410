package io.argus.ingest;

import io.argus.errors.FlowErrorPolicy;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * direct:reprocess ──► image events of the images already in S3 ──► Kafka image topic; answers how
 * many were published. Delivery is what the detect route already copes with: an image detected twice
 * ends with one metadata object, the newest.
 */
public final class ReprocessRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "reprocess";
    /** The header of the answer: how many events were published. */
    public static final String PUBLISHED = "ArgusReprocessPublished";

    private final Reprocess reprocess;

    public ReprocessRoute(Reprocess reprocess) {
        this.reprocess = reprocess;
    }

    @Override
    public void configure() {
        from(direct(ROUTE_ID))
                .routeId(ROUTE_ID)
                .routeConfigurationId(FlowErrorPolicy.ID)
                .process(reprocess::events)
                .setHeader(PUBLISHED, simple("${body.size}"))
                .split(body()).stopOnException()
                    .process(Reprocess::toRecord)
                    .to(kafka("{{argus.kafka.image-topic}}"))
                .end()
                .setBody(header(PUBLISHED));
    }
}
