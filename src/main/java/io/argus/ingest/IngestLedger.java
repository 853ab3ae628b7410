package io.argus.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.events.ImageEvent;
import io.argus.storage.ImageKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The ingest ledger: an {@link IdempotentRepository} in S3 for the publish route's idempotent
 * consumer (non-eager). A message id is an image's path and the SHA-256 of its content,
 * {@code <path>@<sha256>}; the ledger keeps one small JSON object per path, under
 * {@code argus.s3.ledger-prefix}: the event exactly as sent, written only once the exchange
 * completed (the upload done and Kafka's acknowledgement received). So dropping the same files
 * again changes nothing, changed content under the same name is published again, and a crash
 * between upload and publish is repaired by the next attempt. {@code argus reprocess} reads the
 * events back from it.
 */
public final class IngestLedger extends ServiceSupport implements IdempotentRepository {
    private final S3Client s3;
    private final ObjectMapper json;
    private final ArgusConfig.S3 storage;

    public IngestLedger(S3Client s3, ObjectMapper json, ArgusConfig.S3 storage) {
        this.s3 = s3;
        this.json = json;
        this.storage = storage;
    }

    /** The message id of an image's content: its path and SHA-256. */
    public static String messageId(ImageFile image) {
        return image.relativePath() + "@" + image.sha256();
    }

    @Override
    public boolean contains(String messageId) {
        Id id = Id.parse(storage, messageId);
        try {
            byte[] entry = s3.getObjectAsBytes(request -> request.bucket(storage.bucket()).key(id.image.ledgerKey()))
                    .asByteArray();
            return id.sha256.equals(json.readTree(entry).path("sha256").asText());
        } catch (NoSuchKeyException | IOException e) {
            // No entry, or one that is unreadable: publishing again is the safe side.
            return false;
        }
    }

    /** Records the event the exchange published (its {@link IngestSteps#EVENT} property); a duplicate published none. */
    @Override
    public boolean add(Exchange exchange, String messageId) {
        ImageEvent event = exchange.getProperty(IngestSteps.EVENT, ImageEvent.class);
        if (event == null) {
            return false;
        }
        record(Id.parse(storage, messageId).image, event);
        return true;
    }

    @Override
    public boolean add(String messageId) {
        throw new UnsupportedOperationException("the ledger records the event an exchange published: add(exchange, id)");
    }

    /** Entries are never taken back: a failed exchange never added one (the consumer is not eager). */
    @Override
    public boolean remove(String messageId) {
        return false;
    }

    @Override
    public boolean confirm(String messageId) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("the ingest ledger is not cleared from Argus");
    }

    /** The event published for the image, as recorded once Kafka acknowledged it. */
    public Optional<byte[]> entry(ImageKey image) {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(storage.bucket()).key(image.ledgerKey()))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private void record(ImageKey image, ImageEvent event) {
        try {
            byte[] entry = json.writeValueAsBytes(event);
            s3.putObject(request -> request.bucket(storage.bucket()).key(image.ledgerKey())
                    .contentType("application/json"), RequestBody.fromBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ingest ledger entry of " + image, e);
        }
    }

    private record Id(ImageKey image, String sha256) {
        static Id parse(ArgusConfig.S3 storage, String messageId) {
            int at = messageId.lastIndexOf('@');
            return new Id(new ImageKey(storage, messageId.substring(0, at)), messageId.substring(at + 1));
        }
    }
}
