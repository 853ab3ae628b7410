package io.argus.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
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
    private final String ledgerPrefix;
    private final String imagesPrefix;

    public IngestLedger(S3Client s3, ObjectMapper json, String bucket, String imagesPrefix, String ledgerPrefix) {
        this.s3 = s3;
        this.json = json;
        this.bucket = bucket;
        this.imagesPrefix = imagesPrefix;
        this.ledgerPrefix = ledgerPrefix;
    }

    public boolean alreadyPublished(String imageKey, String sha256) {
        try {
            byte[] entry = s3.getObjectAsBytes(request -> request.bucket(bucket).key(entryKey(imageKey))).asByteArray();
            return sha256.equals(json.readTree(entry).path("sha256").asText());
        } catch (NoSuchKeyException | IOException e) {
            // No entry, or one that is unreadable: publishing again is the safe side.
            return false;
        }
    }

    /** The event published for the image, as recorded once Kafka acknowledged it. */
    public Optional<byte[]> entry(String imageKey) {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(entryKey(imageKey)))
                    .asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    public void recordPublished(ImageEvent event) {
        try {
            byte[] entry = json.writeValueAsBytes(event);
            s3.putObject(request -> request.bucket(bucket).key(entryKey(event.s3Key())).contentType("application/json"),
                    RequestBody.fromBytes(entry));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ingest ledger entry of " + event.s3Key(), e);
        }
    }

    String entryKey(String imageKey) {
        return ledgerPrefix + imageKey.substring(imagesPrefix.length()) + ".json";
    }
}
