package io.argus.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * What the last successful run counted: for each metadata object, the ETag it had and the time
 * bucket it fell in (empty when malformed). It tells a run which objects are new, changed or gone,
 * and which objects make up a bucket, so a run recomputes the touched buckets completely without
 * reading every object. Kept in S3 as one TSV object, replaced only when a run succeeds.
 */
final class Catalog {
    record Entry(String etag, String bucket) {
    }

    private final Map<String, Entry> entries;

    private Catalog(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /** The catalog kept at this key, empty before the first successful run. */
    static Catalog load(S3Client s3, String bucket, String key) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                s3.getObject(r -> r.bucket(bucket).key(key)), StandardCharsets.UTF_8))) {
            return read(reader);
        } catch (NoSuchKeyException e) {
            return new Catalog(new HashMap<>());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the batch catalog s3://" + bucket + "/" + key, e);
        }
    }

    /** Lines of {@code key\tetag\tbucket} (the bucket empty for a malformed object). */
    static Catalog read(BufferedReader reader) throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String[] fields = line.split("\t", -1);
            if (fields.length != 3) {
                throw new IOException("a catalog line is not key, ETag and bucket: " + line);
            }
            entries.put(fields[0], new Entry(fields[1], fields[2]));
        }
        return new Catalog(entries);
    }

    /** As {@link #read} reads it. */
    String text() {
        StringBuilder text = new StringBuilder(entries.size() * 100);
        entries.forEach((object, entry) -> text.append(object).append('\t').append(entry.etag()).append('\t')
                .append(entry.bucket()).append('\n'));
        return text.toString();
    }

    void save(S3Client s3, String bucket, String key) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType("text/tab-separated-values"),
                RequestBody.fromString(text(), StandardCharsets.UTF_8));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    Optional<Entry> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    Map<String, Entry> entries() {
        return entries;
    }

    void put(String key, String etag, String bucket) {
        entries.put(key, new Entry(etag, bucket));
    }

    void remove(String key) {
        entries.remove(key);
    }
}
