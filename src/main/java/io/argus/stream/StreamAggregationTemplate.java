package io.argus.stream;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.errors.DeadLetterRoute;
import java.time.Clock;
import java.util.function.Consumer;
import org.apache.camel.LoggingLevel;
import org.apache.camel.RouteTemplateContext;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Route template {@value #ID}: a Kafka topic of JSON events kept aggregated in an Elasticsearch index,
 * instantiated from YAML ({@code templatedRoute}, docs/streaming.md). Camel's batching consumer
 * gathers up to {@code flush-size} records or {@code flush-interval-ms} of them; the flush writes each
 * changed group's document once, sends the events that cannot count to the dead-letter channel, and
 * only then commits the batch's offsets. A failure of Elasticsearch is redelivered with backoff
 * (argus.retry.*) until it passes, and nothing is committed meanwhile; the writes are idempotent (each
 * document keeps the offsets it has applied), so a crash at any point neither loses nor doubles an event.
 */
public final class StreamAggregationTemplate extends EndpointRouteBuilder {
    public static final String ID = "argus-stream-aggregation";

    private final ElasticsearchClient es;
    private final ObjectMapper json;
    private final Clock clock;
    private final ArgusConfig.Retry retry;
    private final Consumer<String> topics;

    /** @param topics creates a topic when it is missing, so the consumer does not wait for one forever */
    public StreamAggregationTemplate(ElasticsearchClient es, ObjectMapper json, Clock clock, ArgusConfig.Retry retry,
                                     Consumer<String> topics) {
        this.es = es;
        this.json = json;
        this.clock = clock;
        this.retry = retry;
        this.topics = topics;
    }

    @Override
    public void configure() {
        routeTemplate(ID)
                .templateParameter("topic", null, "the Kafka topic of JSON events")
                .templateParameter("group-id", null, "the Kafka consumer group: one per aggregation")
                .templateParameter("index", null, "the Elasticsearch index of the aggregates")
                .templateParameter("group-by", null, "fields that group events into one document, its id")
                .templateParameter("measures", null, "what each document keeps")
                .templateParameter("segments", "", "rules naming each document's segment")
                .templateParameter("time-field", "timestamp", "the event time's field")
                .templateParameter("zone", "UTC", "the zone of time buckets")
                .templateParameter("flush-size", "5000", "records per flush, at most")
                .templateParameter("flush-interval-ms", "1000", "milliseconds between flushes, at most")
                .templateParameter("cached-documents", "100000", "documents kept in memory to save reads")
                .templateBean("aggregator", StreamAggregator.class, this::aggregator)
                .from(kafka("{{topic}}")
                        .groupId("{{group-id}}")
                        .autoOffsetReset("earliest")
                        .batching(true)
                        .maxPollRecords("{{flush-size}}")
                        .batchingIntervalMs("{{flush-interval-ms}}")
                        .pollTimeoutMs("{{flush-interval-ms}}")
                        .autoCommitEnable(false)
                        .allowManualCommit(true))
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(-1)
                        .redeliveryDelay(retry.initialDelay().toMillis())
                        .maximumRedeliveryDelay(retry.maxDelay().toMillis())
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logStackTrace(false))
                .process("{{aggregator}}").id("aggregate-and-write")
                .split(exchangeProperty(StreamAggregator.DEAD_LETTERS))
                    .to(DeadLetterRoute.ENDPOINT).id("dead-letter-invalid-events")
                .end()
                .process(BatchOffsets::commit).id("commit-offsets");
    }

    private StreamAggregator aggregator(RouteTemplateContext template) {
        String topic = parameter(template, "topic");
        AggregationSpec spec;
        try {
            spec = AggregationSpec.parse(parameter(template, "group-by"), parameter(template, "measures"),
                    parameter(template, "segments"), parameter(template, "time-field"), parameter(template, "zone"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("streaming aggregation of " + topic + " into "
                    + parameter(template, "index") + ": " + e.getMessage(), e);
        }
        topics.accept(topic);
        return new StreamAggregator(new Aggregation(spec), new AggregateStore(es, parameter(template, "index"),
                Long.parseLong(parameter(template, "cached-documents"))), json, clock);
    }

    private static String parameter(RouteTemplateContext template, String name) {
        Object value = template.getProperty(name);
        return value == null ? "" : value.toString();
    }
}
