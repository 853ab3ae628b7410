package io.argus.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.storage.ImageKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Remembers in S3 which content was published under which key: one small JSON object per image,
 * the event exactly as sent, written only after Kafka acknowledged it. Ingest skips a file whose
 * key and SHA-256 it already holds, so dropping the same files again changes nothing, while a crash
 * between upload and publish is repaired by the next attempt.
 */
public final class IngestLedger {
    private final S3Client s3;
    private final ObjectMapper json;
    private final String bucket;

    public IngestLedger(S3Client s3, ObjectMapper json, String bucket) {
        this.s3 = s3;
        this.json = json;
        this.bucket = bucket;
    }

    public boolean alreadyPublished(ImageKey image, String sha256) {
        try {
            byte[] entry = s3.getObjectAsBytes(request -> request.bucket(bucket).key(image.ledgerKey())).asByteArray();
            return sha256.equals(json.readTree(entry).path("sha256").asText());
        } catch (NoSuchKeyException | IOException e) {
            // No entry, or one that is unreadable: publishing again is the safe side.
            return false;
        }
    }

    /** The event published for the image, as recorded once Kafka acknowledged it. */
    public Optional<byte[]> entry(ImageKey image) {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(image.ledgerKey()))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    public void recordPublished(ImageKey image, ImageEvent event) {
        try {
            byte[] entry = json.writeValueAsBytes(event);
            s3.putObject(request -> request.bucket(bucket).key(image.ledgerKey()).contentType("application/json"),
                    RequestBody.fromBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ingest ledger entry of " + image, e);
        }
    }
}
