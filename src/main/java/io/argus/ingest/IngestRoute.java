package io.argus.ingest;

import io.argus.errors.DeadLetterRoute;
import io.argus.errors.FlowErrorPolicy;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * inbox ──► inspect ──► S3 images/&lt;path&gt; ──► Kafka image event ──► ledger ──► done/.
 * A video's sampled frames are published one by one as images under its path. A file still being
 * written is not taken (its size and time must hold still for argus.inbox.stable-for); a file
 * ingest cannot vouch for goes to rejected/ with a reason; a failure of S3 or Kafka leaves the
 * file in the inbox for the next poll, so nothing is lost. Symbolic links stay inside the inbox:
 * a folder link is never listed, a file is opened without following links unless
 * argus.inbox.follow-links allows a link to a file ({@link InboxLinkFilter}, {@link InboxFiles}).
 */
public final class IngestRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "ingest";
    public static final String PUBLISH_ROUTE_ID = "ingest-publish";
    public static final String REJECT_ROUTE_ID = "ingest-reject";
    private static final Logger LOG = LoggerFactory.getLogger(IngestRoute.class);

    private final IngestSteps steps;
    private final IdempotentRepository ledger;
    private final Duration stableFor;

    public IngestRoute(IngestSteps steps, IdempotentRepository ledger, Duration stableFor) {
        this.steps = steps;
        this.ledger = ledger;
        this.stableFor = stableFor;
    }

    @Override
    public void configure() throws Exception {
        ProducerTemplate listingRejections = getContext().createProducerTemplate();
        getContext().addService(listingRejections, true);
        from(file("{{argus.inbox.dir}}")
                .recursive(true)
                .filter(new InboxLinkFilter((link, path, reason) -> rejectListed(listingRejections, link, path, reason)))
                .noop(true)
                .idempotent(false)
                .readLock("changed")
                .readLockMinLength(0)
                .readLockMinAge("{{argus.inbox.stable-for}}")
                // Checked a few times per stable-for (0.1 to 1 s apart); a file that never holds still is retried at the next poll.
                .readLockCheckInterval(Math.max(100, Math.min(1000, stableFor.toMillis() / 4)))
                .readLockTimeout(stableFor.multipliedBy(3).plusSeconds(10).toMillis())
                .readLockMarkerFile(false)
                .readLockLoggingLevel(LoggingLevel.DEBUG)
                .delay("{{argus.inbox.poll-interval}}")
                .sortBy("file:name"))
                .routeId(ROUTE_ID)
                .routeConfigurationId(FlowErrorPolicy.ID)
                // A file refused while ingested takes the path of every rejected file, as a link refused by the listing does.
                .onException(RejectedFileException.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .to(direct(REJECT_ROUTE_ID))
                .end()
                .threads().poolSize("{{argus.ingest.workers}}").maxPoolSize("{{argus.ingest.workers}}")
                .process(steps::inspect)
                .choice()
                    .when(steps::isVideo)
                        .split(method(steps, "videoFrames")).streaming().stopOnException()
                            .process(steps::prepareFrame)
                            .to(direct(PUBLISH_ROUTE_ID))
                        .end()
                    .endChoice()
                    .otherwise()
                        .to(direct(PUBLISH_ROUTE_ID))
                .end()
                .process(steps::done);

        // The ledger records an image's path and content once its exchange completed; the same content again is skipped.
        from(direct(PUBLISH_ROUTE_ID))
                .routeId(PUBLISH_ROUTE_ID)
                .routeConfigurationId(FlowErrorPolicy.ID)
                .idempotentConsumer(method(steps, "ledgerId"), ledger).eager(false).removeOnFailure(false)
                    .skipDuplicate(false)
                    .choice()
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .log(LoggingLevel.INFO, "${header.ArgusImagePath}: already ingested, unchanged")
                        .otherwise()
                            .to(aws2S3("{{argus.s3.bucket}}"))
                            .process(steps::toEvent)
                            .to(kafka("{{argus.kafka.image-topic}}"))
                    .end()
                .end();

        // A rejected file is moved aside with its reason, then goes to the dead-letter channel as others do.
        from(direct(REJECT_ROUTE_ID))
                .routeId(REJECT_ROUTE_ID)
                .routeConfigurationId(FlowErrorPolicy.ID)
                .process(steps::reject)
                .to(DeadLetterRoute.ENDPOINT);
    }

    /** A link the listing refused takes the path of every rejected file, as one of the ingest flow's own. */
    private static void rejectListed(ProducerTemplate producer, Path link, String path, RejectedFileException reason) {
        Exchange rejected = producer.send("direct:" + REJECT_ROUTE_ID, exchange -> {
            // The dead letter names the flow it came from; this exchange came from the ingest route's listing.
            exchange.getExchangeExtension().setFromRouteId(ROUTE_ID);
            exchange.getMessage().setHeader(FileConstants.FILE_PATH, link.toString());
            exchange.getMessage().setHeader(FileConstants.FILE_NAME, path);
            exchange.setProperty(Exchange.EXCEPTION_CAUGHT, reason);
        });
        if (rejected.getException() != null) {
            LOG.warn("Cannot reject the link {} yet, it is tried again at the next poll: {}", link,
                    rejected.getException().getMessage());
        }
    }
}
