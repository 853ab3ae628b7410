package io.argus.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.kafka.KafkaConstants;

/** The work of the ingest route, one method per step; the route only names them. */
public final class IngestSteps {
    static final String IMAGE = "argusImage";
    static final String EVENT = "argusImageEvent";

    private final ImageInspector inspector;
    private final IngestLedger ledger;
    private final InboxFiles inbox;
    private final ObjectMapper json;
    private final String bucket;
    private final String imagesPrefix;
    private final Clock clock;

    public IngestSteps(ImageInspector inspector, IngestLedger ledger, InboxFiles inbox, ObjectMapper json,
                       String bucket, String imagesPrefix, Clock clock) {
        this.inspector = inspector;
        this.ledger = ledger;
        this.inbox = inbox;
        this.json = json;
        this.bucket = bucket;
        this.imagesPrefix = imagesPrefix;
        this.clock = clock;
    }

    /** Recognises the image and prepares its upload: the S3 key keeps the path below the inbox. */
    public void inspect(Exchange exchange) {
        Path file = file(exchange);
        ImageFile image = inspector.inspect(file, inbox.relativePath(file));
        exchange.setProperty(IMAGE, image);
        exchange.getMessage().setHeader(AWS2S3Constants.KEY, imageKey(image));
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_TYPE, image.contentType());
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_LENGTH, image.sizeBytes());
        exchange.getMessage().setHeader(AWS2S3Constants.METADATA, Map.of("sha256", image.sha256()));
        exchange.getMessage().setBody(file.toFile());
    }

    public boolean alreadyPublished(Exchange exchange) {
        ImageFile image = exchange.getProperty(IMAGE, ImageFile.class);
        return ledger.alreadyPublished(imageKey(image), image.sha256());
    }

    /** After the upload: the event, keyed by the S3 key so that one image always lands in one partition. */
    public void toEvent(Exchange exchange) throws JsonProcessingException {
        ImageFile image = exchange.getProperty(IMAGE, ImageFile.class);
        String key = imageKey(image);
        ImageEvent event = new ImageEvent(ImageEvent.SCHEMA_VERSION, "s3://" + bucket + "/" + key,
                clock.instant().toString(), bucket, key, image.relativePath(), image.captureTime().toString(),
                image.captureTimeSource().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                image.sizeBytes(), image.contentType(), image.sha256(), image.width(), image.height());
        exchange.setProperty(EVENT, event);
        exchange.getMessage().setHeader(KafkaConstants.KEY, key);
        exchange.getMessage().setBody(json.writeValueAsString(event));
    }

    public void recordPublished(Exchange exchange) {
        ledger.recordPublished(exchange.getProperty(EVENT, ImageEvent.class));
    }

    public void done(Exchange exchange) {
        inbox.done(file(exchange));
    }

    public void reject(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        inbox.reject(file(exchange), cause.getMessage());
    }

    private String imageKey(ImageFile image) {
        return imagesPrefix + image.relativePath();
    }

    private static Path file(Exchange exchange) {
        return Path.of(exchange.getMessage().getHeader(FileConstants.FILE_PATH, String.class)).toAbsolutePath();
    }
}
