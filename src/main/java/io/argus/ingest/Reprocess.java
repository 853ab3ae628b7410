package io.argus.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.events.ImageEvent;
import io.argus.storage.ImageKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The image events of images already in S3, to detect them again (with a better model, say): the
 * event the ingest route published, from its ledger, or for an image without one (put into S3 by
 * another tool) an event made from the object. The detect route then overwrites each image's
 * metadata under the same key, and the next batch run recounts the buckets that changed.
 */
public final class Reprocess {
    /** The request: images under this path below the images prefix, last written at or after {@code since}. */
    public record Request(String prefix, Optional<Instant> since) {
    }

    /** One event to publish, keyed by the image's S3 key as the ingest route keys them. */
    public record Event(String imageKey, String json) {
    }

    private final S3Client s3;
    private final IngestLedger ledger;
    private final ObjectMapper json;
    private final ArgusConfig.S3 storage;

    public Reprocess(S3Client s3, IngestLedger ledger, ObjectMapper json, ArgusConfig.S3 storage) {
        this.s3 = s3;
        this.ledger = ledger;
        this.json = json;
        this.storage = storage;
    }

    /** Replaces the request in the body by the list of events. */
    public void events(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        Request request = exchange.getMessage().getMandatoryBody(Request.class);
        List<Event> events = s3.listObjectsV2Paginator(r -> r.bucket(storage.bucket())
                        .prefix(storage.imagesPrefix() + request.prefix()))
                .contents().stream()
                .filter(object -> !object.key().endsWith("/"))
                .filter(object -> request.since().map(since -> !object.lastModified().isBefore(since)).orElse(true))
                .map(this::event)
                .toList();
        exchange.getMessage().setBody(events);
    }

    private Event event(S3Object object) {
        String key = object.key();
        String body = ledger.entry(ImageKey.ofS3Key(storage, key).orElseThrow())
                .map(entry -> new String(entry, StandardCharsets.UTF_8))
                .orElseGet(() -> withoutLedger(object));
        return new Event(key, body);
    }

    private String withoutLedger(S3Object object) {
        ImageKey image = ImageKey.ofS3Key(storage, object.key()).orElseThrow();
        ImageEvent event = new ImageEvent(ImageEvent.SCHEMA_VERSION, image.uri(), object.lastModified().toString(),
                storage.bucket(), image.s3Key(), image.path(), null, null, object.size(), null, null, 0, 0);
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the Kafka key and body of one event. */
    public static void toRecord(Exchange exchange) {
        Event event = exchange.getMessage().getBody(Event.class);
        exchange.getMessage().setHeader(KafkaConstants.KEY, event.imageKey());
        exchange.getMessage().setBody(event.json());
    }
}
