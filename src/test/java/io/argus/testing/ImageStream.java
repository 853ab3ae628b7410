package io.argus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.shared.MetadataRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Images put in a runtime's bucket and their events published on its image topic, as an uploader
 * would, and what came of them: the metadata objects, what they count, what the API answers.
 */
public final class ImageStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ImageStream() {
    }

    /**
     * Uploads {@code count} test photos as {@code <prefix><first + i>-<photo>} (photo i % photos) and
     * publishes one image event per key; answers the keys.
     */
    public static List<String> send(S3Client s3, ArgusConfig config, String prefix, int first, int count,
                                     List<String> photos) throws IOException, InterruptedException, ExecutionException {
        List<String> keys = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String photo = photos.get(i % photos.size());
            String key = prefix + i + "-" + photo;
            s3.putObject(r -> r.bucket(config.s3().bucket()).key(key),
                    RequestBody.fromBytes(Files.readAllBytes(TestPhotos.get(photo))));
            keys.add(key);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers().orElseThrow(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (String key : keys) {
                producer.send(new ProducerRecord<>(config.kafka().imageTopic(), key, "{\"image_path\":\"s3://"
                        + config.s3().bucket() + "/" + key + "\",\"upload_timestamp\":\"" + Instant.now() + "\"}")).get();
            }
        }
        return keys;
    }

    public static List<String> objectKeys(S3Client s3, ArgusConfig config, String prefix) {
        return S3Listing.keys(s3, config.s3().bucket(), prefix);
    }

    /** Detections per label in the metadata objects: what the counts must say. */
    public static Map<String, Long> countedInMetadata(S3Client s3, ArgusConfig config) throws Exception {
        Map<String, Long> truth = new TreeMap<>();
        for (String key : objectKeys(s3, config, config.s3().metadataPrefix())) {
            MetadataRecord.parse(s3.getObjectAsBytes(r -> r.bucket(config.s3().bucket()).key(key)).asByteArray())
                    .detections().forEach(detection -> truth.merge(detection.label(), 1L, Long::sum));
        }
        return truth;
    }

    /** {@code GET /api/label_counts} of the runtime on that port, as label → count. */
    public static Map<String, Long> labelCounts(int apiPort) throws IOException, InterruptedException {
        JsonNode answer = get(apiPort, "/api/label_counts");
        Map<String, Long> counts = new TreeMap<>();
        for (int i = 0; i < answer.path("labels").size(); i++) {
            counts.put(answer.path("labels").get(i).asText(), answer.path("counts").get(i).asLong());
        }
        return counts;
    }

    /** A JSON answer of the runtime's API; anything but 200 fails the test with the body. */
    public static JsonNode get(int apiPort, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + apiPort + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
