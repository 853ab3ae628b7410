package io.argus.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.opencv.core.Mat;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The work of the detect route, one method per step; the route only names them. */
public final class DetectSteps {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DetectSteps.class);
    static final String IMAGE_KEY = "argusImageKey";
    static final String EVENT_TIME = "argusEventTime";
    static final String ORIGINAL = "argusOriginalMessage";
    /** The detector's time on this image, in milliseconds, for the inference-time metric. */
    static final String INFERENCE_MS = "argusInferenceMs";

    private final S3Client s3;
    private final ObjectMapper json;
    private final ArgusConfig.S3 storage;
    private final ArgusConfig.Detect config;
    private final ImageDecoder decoder;
    private final Annotator annotator = new Annotator(TurboJpeg.system());
    private final DetectorPool detectors;
    private final Clock clock;
    private final StepCpu cpu = new StepCpu();

    public DetectSteps(S3Client s3, ObjectMapper json, ArgusConfig.S3 storage, ArgusConfig.Detect config,
                       DetectorPool detectors, Clock clock) {
        this.s3 = s3;
        this.json = json;
        this.storage = storage;
        this.config = config;
        this.decoder = new ImageDecoder(config.maxImageBytes(), config.maxImagePixels());
        this.detectors = detectors;
        this.clock = clock;
    }

    /** The CPU time spent in each step so far. */
    public StepCpu stepCpu() {
        return cpu;
    }

    /** The image's key from {@code image_path}, and its event time: capture time, else upload time. */
    public void parseEvent(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        JsonNode event;
        try {
            event = json.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("malformed image event: not JSON (" + e.getOriginalMessage() + ")");
        }
        if (event == null || !event.isObject()) {
            throw new PoisonMessageException("malformed image event: not a JSON object");
        }
        String path = event.path("image_path").asText("");
        String prefix = "s3://" + storage.bucket() + "/";
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            throw new PoisonMessageException("malformed image event: image_path '" + path + "' is not an object of s3://"
                    + storage.bucket());
        }
        exchange.setProperty(IMAGE_KEY, path.substring(prefix.length()));
        exchange.setProperty(EVENT_TIME, eventTime(event));
    }

    private static String eventTime(JsonNode event) {
        for (String field : List.of("capture_timestamp", "upload_timestamp")) {
            String value = event.path(field).asText("");
            if (!value.isEmpty()) {
                try {
                    return Instant.parse(value).toString();
                } catch (DateTimeParseException e) {
                    // the next field, or none
                }
            }
        }
        throw new PoisonMessageException("malformed image event: no capture_timestamp or upload_timestamp in ISO-8601");
    }

    /** Reads, decodes and detects; writes the annotated copy and the metadata; leaves the detection event as body. */
    public void detect(Exchange exchange) throws IOException {
        String key = exchange.getProperty(IMAGE_KEY, String.class);
        long cpuClock = cpu.start();
        byte[] bytes = read(key);
        cpuClock = cpu.lap(StepCpu.Step.READ, cpuClock);
        Mat image = decoder.decode(bytes);
        cpuClock = cpu.lap(StepCpu.Step.DECODE, cpuClock);
        try {
            Detected detected = detectors.use(detector -> detected(detector, image));
            cpuClock = cpu.lap(StepCpu.Step.DETECT, cpuClock);
            List<Detection> detections = detected.detections();
            double inferenceMs = detected.inferenceMs();
            exchange.setProperty(INFERENCE_MS, inferenceMs);
            String annotatedPath = null;
            // An image with nothing detected has nothing to draw: the original serves as its own copy.
            if (config.annotate() && !detections.isEmpty()) {
                String annotatedKey = storage.annotatedPrefix() + relative(key) + jpegSuffix(key);
                byte[] annotated = annotator.annotate(image, detections);
                cpuClock = cpu.lap(StepCpu.Step.ANNOTATE, cpuClock);
                put(annotatedKey, annotated, "image/jpeg");
                annotatedPath = "s3://" + storage.bucket() + "/" + annotatedKey;
            }
            String metadataKey = storage.metadataPrefix() + relative(key) + ".json";
            DetectionMetadata metadata = new DetectionMetadata("s3://" + storage.bucket() + "/" + key,
                    exchange.getMessage().getHeader(KafkaConstants.OFFSET, 0L, Long.class),
                    exchange.getMessage().getHeader(KafkaConstants.PARTITION, 0, Integer.class),
                    clock.instant().toString(), exchange.getProperty(EVENT_TIME, String.class),
                    image.cols(), image.rows(), detected.model(), detected.detector(), "argus-0.1.0/" + detected.engine(),
                    config.confidenceThreshold(), config.nmsThreshold(), Math.round(inferenceMs * 100) / 100.0,
                    annotatedPath, detections.stream().map(DetectionMetadata.Item::of).toList());
            put(metadataKey, json.writeValueAsBytes(metadata), "application/json");
            cpu.lap(StepCpu.Step.WRITE, cpuClock);
            cpu.imageDone();

            Map<String, Integer> labels = new TreeMap<>();
            detections.forEach(detection -> labels.merge(detection.label(), 1, Integer::sum));
            exchange.getMessage().setHeader(KafkaConstants.KEY, key);
            exchange.getMessage().setBody(json.writeValueAsString(new DetectionEvent(key, metadata.eventTimestamp(),
                    metadata.processingTimestamp(), "s3://" + storage.bucket() + "/" + metadataKey, annotatedPath,
                    image.cols(), image.rows(), labels, metadata.detections())));
        } finally {
            image.release();
        }
    }

    private record Detected(List<Detection> detections, double inferenceMs, String detector, String model,
                            String engine) {
    }

    private Detected detected(Detector detector, Mat image) {
        long start = System.nanoTime();
        try {
            List<Detection> detections = detector.detect(image).stream()
                    .filter(detection -> config.keeps(detection.label(), detection.confidence())).toList();
            return new Detected(detections, (System.nanoTime() - start) / 1e6, detector.name(), detector.model(),
                    detector.engine());
        } catch (RuntimeException e) {
            throw new PoisonMessageException("the " + detector.name() + " detector failed on this image: " + e, e);
        }
    }

    /** The dead-letter record (left as body, for the dead-letter topic) and a small error object in S3. */
    public void deadLetter(Exchange exchange) throws JsonProcessingException {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int partition = exchange.getMessage().getHeader(KafkaConstants.PARTITION, -1, Integer.class);
        long offset = exchange.getMessage().getHeader(KafkaConstants.OFFSET, -1L, Long.class);
        String original = exchange.getProperty(ORIGINAL, String.class);
        DeadLetter letter = new DeadLetter("detect", cause.getMessage(), clock.instant().toString(),
                exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class), partition, offset,
                exchange.getMessage().getHeader(KafkaConstants.KEY, String.class), original);
        LOG.warn("Dead-lettered {}/{}/{}: {}", letter.sourceTopic(), partition, offset, letter.reason());
        byte[] record = json.writeValueAsBytes(letter);
        put(storage.errorsPrefix() + "detect/" + letter.sourceTopic() + "/" + partition + "-" + offset + ".json", record,
                "application/json");
        exchange.getMessage().setBody(new String(record, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Keeps the message as received, before any step replaced the body, for its dead letter. */
    public void keepOriginal(Exchange exchange) {
        exchange.setProperty(ORIGINAL, exchange.getMessage().getBody(String.class));
    }

    private byte[] read(String key) {
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(r -> r.bucket(storage.bucket()).key(key))) {
            Long length = object.response().contentLength();
            if (length != null && length > decoder.maxBytes()) {
                object.abort();
                throw new PoisonMessageException("image of " + length + " bytes is over argus.detect.max-image-bytes ("
                        + decoder.maxBytes() + ")");
            }
            return object.readAllBytes();
        } catch (NoSuchKeyException e) {
            throw new PoisonMessageException("the image object is missing: s3://" + storage.bucket() + "/" + key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + storage.bucket() + "/" + key, e);
        }
    }

    private void put(String key, byte[] content, String contentType) {
        s3.putObject(r -> r.bucket(storage.bucket()).key(key).contentType(contentType), RequestBody.fromBytes(content));
    }

    /** The annotated copy is a JPEG, and its name says so: astronaut.png → astronaut.png.jpg. */
    private static String jpegSuffix(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "" : ".jpg";
    }

    /** The image key below the images prefix, so metadata/… and annotated/… mirror images/…. */
    private String relative(String key) {
        return key.startsWith(storage.imagesPrefix()) ? key.substring(storage.imagesPrefix().length()) : key;
    }
}
