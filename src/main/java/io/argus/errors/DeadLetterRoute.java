package io.argus.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one dead-letter channel of every flow ({@code direct:dead-letter}): a failed message (as the
 * flow received it, with the exception caught) or a ready {@link DeadLetter} becomes one record,
 * kept in S3 under {@code errors/<flow>/…}, published on the dead-letter topic (keyed by its
 * source) and counted in {@code argus_dead_letters_total} by flow.
 */
public final class DeadLetterRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "dead-letter";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRoute.class);
    private static final String FLOW = "argusDeadLetterFlow";

    private final ObjectMapper json;
    private final String errorsPrefix;
    private final Clock clock;

    public DeadLetterRoute(ObjectMapper json, String errorsPrefix, Clock clock) {
        this.json = json;
        this.errorsPrefix = errorsPrefix;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from(ENDPOINT)
                .routeId(ROUTE_ID)
                .routeConfigurationId(FlowErrorPolicy.ID)
                .process(this::toRecord)
                .to(aws2S3("{{argus.s3.bucket}}"))
                .to(kafka("{{argus.kafka.dead-letter-topic}}"))
                .toD("micrometer:counter:argus.dead.letters?tags.flow=${exchangeProperty." + FLOW + "}");
    }

    private void toRecord(Exchange exchange) throws Exception {
        DeadLetter letter = exchange.getMessage().getBody() instanceof DeadLetter ready ? ready : of(exchange);
        LOG.warn("Dead-lettered {} from {}: {}", letter.source(), letter.flow(), letter.reason());
        byte[] record = json.writeValueAsBytes(letter);
        exchange.setProperty(FLOW, letter.flow());
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(KafkaConstants.KEY, letter.source());
        exchange.getMessage().setHeader(AWS2S3Constants.KEY,
                errorsPrefix + letter.flow() + "/" + letter.source().replace(':', '/') + ".json");
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_TYPE, "application/json");
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_LENGTH, (long) record.length);
        exchange.getMessage().setBody(record);
    }

    /** The record of a failed exchange: the route it came from, the exception caught, the message as received. */
    private DeadLetter of(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unknown" : cause.getMessage();
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class) + 1;
        String flow = exchange.getFromRouteId();
        String topic = exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class);
        String file = exchange.getMessage().getHeader(FileConstants.FILE_NAME, String.class);
        if (file != null) {
            String path = file.replace('\\', '/');
            return new DeadLetter(flow, reason, path, clock.instant().toString(), attempt, "inbox:" + path);
        }
        String source = topic == null ? flow + ":" + exchange.getExchangeId()
                : "kafka:" + topic + "/" + exchange.getMessage().getHeader(KafkaConstants.PARTITION, -1, Integer.class)
                + "/" + exchange.getMessage().getHeader(KafkaConstants.OFFSET, -1L, Long.class);
        return new DeadLetter(flow, reason, exchange.getMessage().getBody(String.class), clock.instant().toString(),
                attempt, source);
    }
}
