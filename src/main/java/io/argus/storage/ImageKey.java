package io.argus.storage;

import io.argus.config.ArgusConfig;
import java.util.Locale;
import java.util.Optional;

/**
 * One image in S3 and the objects Argus derives from it, in every form a flow needs: its path
 * below the inbox and the images prefix ({@code street/car.jpg}), its S3 key
 * ({@code images/street/car.jpg}), its {@code s3://} URI (in events and metadata) and its
 * {@code s3a://} URI (for Hadoop); the metadata, annotated copy and ingest ledger entry mirror the
 * path under their own prefixes.
 */
public record ImageKey(ArgusConfig.S3 storage, String path) {
    public ImageKey {
        if (path.isEmpty() || path.startsWith("/")) {
            throw new IllegalArgumentException("an image path is relative and not empty: '" + path + "'");
        }
    }

    /** The image of an S3 key under the images prefix. */
    public static Optional<ImageKey> ofS3Key(ArgusConfig.S3 storage, String key) {
        if (!key.startsWith(storage.imagesPrefix()) || key.length() == storage.imagesPrefix().length()) {
            return Optional.empty();
        }
        return Optional.of(new ImageKey(storage, key.substring(storage.imagesPrefix().length())));
    }

    /** The image of an {@code s3://bucket/images/…} URI. */
    public static Optional<ImageKey> ofUri(ArgusConfig.S3 storage, String uri) {
        String bucket = "s3://" + storage.bucket() + "/";
        return uri.startsWith(bucket) ? ofS3Key(storage, uri.substring(bucket.length())) : Optional.empty();
    }

    /** {@code s3://bucket/key}, for any object of the bucket. */
    public static String uri(ArgusConfig.S3 storage, String key) {
        return "s3://" + storage.bucket() + "/" + key;
    }

    /** {@code s3a://bucket/key}, the same object as Hadoop's S3A names it. */
    public static String s3aUri(ArgusConfig.S3 storage, String key) {
        return "s3a://" + storage.bucket() + "/" + key;
    }

    public String s3Key() {
        return storage.imagesPrefix() + path;
    }

    public String uri() {
        return uri(storage, s3Key());
    }

    public String metadataKey() {
        return storage.metadataPrefix() + path + ".json";
    }

    /** The annotated copy is a JPEG, and its name says so: astronaut.png → astronaut.png.jpg. */
    public String annotatedKey() {
        String lower = path.toLowerCase(Locale.ROOT);
        return storage.annotatedPrefix() + path + (lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "" : ".jpg");
    }

    public String ledgerKey() {
        return storage.ledgerPrefix() + path + ".json";
    }

    @Override
    public String toString() {
        return uri();
    }
}
