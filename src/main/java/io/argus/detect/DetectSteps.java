package io.argus.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.errors.PoisonMessageException;
import io.argus.events.DetectionEvent;
import io.argus.events.DetectionMetadata;
import io.argus.events.EventJson;
import io.argus.events.ImageEvent;
import io.argus.storage.ImageKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.SynchronizationAdapter;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The work of the detect route's steps, one bean method per step with its inputs bound by Camel;
 * the route names the steps ({@link DetectRoute}). What an image gathers on the way is an
 * {@link ImageJob} in the exchange property {@value #JOB}.
 */
public final class DetectSteps {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final String JOB = "argusImageJob";
    private static final String IMAGE_EVENT = "image event";

    private final S3Client s3;
    private final ObjectMapper json;
    private final ArgusConfig.S3 storage;
    private final ArgusConfig.Detect config;
    private final ImageDecoder decoder;
    private final Annotator annotator = new Annotator(TurboJpeg.system());
    private final DetectorPool detectors;
    private final Clock clock;

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

    /** The image of the event ({@code image_path}) and its event time: capture time, else upload time. */
    public ImageJob parseEvent(@Body String body, @Header(KafkaConstants.PARTITION) Integer partition,
                               @Header(KafkaConstants.OFFSET) Long offset) {
        ImageEvent event = EventJson.object(json, body, IMAGE_EVENT)
                .map(object -> EventJson.bind(json, object, ImageEvent.class, IMAGE_EVENT))
                .orElseThrow(() -> new PoisonMessageException("malformed image event: not a JSON object"));
        String path = Objects.requireNonNullElse(event.imagePath(), "");
        ImageKey image = ImageKey.ofUri(storage, path).orElseThrow(() -> new PoisonMessageException(
                "malformed image event: image_path '" + path + "' is not an object under "
                        + ImageKey.uri(storage, storage.imagesPrefix())));
        return new ImageJob(image, eventTime(event), partition == null ? 0 : partition, offset == null ? 0 : offset);
    }

    private static String eventTime(ImageEvent event) {
        for (String value : Arrays.asList(event.captureTimestamp(), event.uploadTimestamp())) {
            if (value != null && !value.isEmpty()) {
                try {
                    return Instant.parse(value).toString();
                } catch (DateTimeParseException e) {
                    // the next field, or none
                }
            }
        }
        throw new PoisonMessageException("malformed image event: no capture_timestamp or upload_timestamp in ISO-8601");
    }

    /** The image's bytes; one over argus.detect.max-image-bytes is refused before it is read. */
    public byte[] readImage(@ExchangeProperty(JOB) ImageJob job) {
        String key = job.image.s3Key();
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(r -> r.bucket(storage.bucket()).key(key))) {
            Long length = object.response().contentLength();
            if (length != null && length > decoder.maxBytes()) {
                object.abort();
                throw new PoisonMessageException("image of " + length + " bytes is over argus.detect.max-image-bytes ("
                        + decoder.maxBytes() + ")");
            }
            return object.readAllBytes();
        } catch (NoSuchKeyException e) {
            throw new PoisonMessageException("the image object is missing: " + job.image);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + job.image, e);
        }
    }

    /** Decodes the image; its pixels are released when the exchange completes, whichever way. */
    public void decode(@Body byte[] bytes, @ExchangeProperty(JOB) ImageJob job, Exchange exchange) {
        job.decoded = decoder.decode(bytes);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                job.decoded.release();
            }
        });
    }

    /** Runs a detector of the pool; keeps the detections argus.detect.labels and the thresholds let through. */
    public double detect(@ExchangeProperty(JOB) ImageJob job) {
        detectors.use(detector -> {
            long start = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            try {
                job.detections = detector.detect(job.decoded).stream()
                        .filter(detection -> config.keeps(detection.label(), detection.confidence())).toList();
            } catch (RuntimeException e) {
                throw new PoisonMessageException("the " + detector.name() + " detector failed on this image: " + e, e);
            }
            job.inferenceMs = (System.nanoTime() - start) / 1e6;
            job.inferenceCpuMs = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e6;
            job.detector = detector.name();
            job.model = detector.model();
            job.engine = detector.engine();
            return null;
        });
        return job.inferenceMs;
    }

    /**
     * The CPU the detector took on the worker's thread: all of its CPU when it runs one thread per
     * image (the default), its share of it otherwise.
     */
    public double inferenceCpuMs(@ExchangeProperty(JOB) ImageJob job) {
        return job.inferenceCpuMs;
    }

    /** Whether there is an annotated copy to write: an image with nothing detected serves as its own. */
    public boolean annotates(@ExchangeProperty(JOB) ImageJob job) {
        return config.annotate() && !job.detections.isEmpty();
    }

    /** The annotated JPEG, with the headers of its S3 object. */
    public byte[] annotate(@ExchangeProperty(JOB) ImageJob job, @Headers Map<String, Object> headers) {
        byte[] annotated = annotator.annotate(job.decoded, job.detections);
        job.annotatedUri = ImageKey.uri(storage, job.image.annotatedKey());
        s3Object(headers, job.image.annotatedKey(), "image/jpeg", annotated.length);
        return annotated;
    }

    /** The detection metadata's JSON, with the headers of its S3 object. */
    public byte[] metadata(@ExchangeProperty(JOB) ImageJob job, @Headers Map<String, Object> headers)
            throws JsonProcessingException {
        job.metadata = new DetectionMetadata(DetectionMetadata.SCHEMA_VERSION, job.image.uri(), job.offset,
                job.partition, clock.instant().toString(), job.eventTime, job.decoded.cols(), job.decoded.rows(),
                job.model, job.detector,
                "argus-0.1.0/" + job.engine, config.confidenceThreshold(), config.nmsThreshold(),
                Math.round(job.inferenceMs * 100) / 100.0, job.annotatedUri,
                job.detections.stream().map(Detection::item).toList());
        byte[] content = json.writeValueAsBytes(job.metadata);
        s3Object(headers, job.image.metadataKey(), "application/json", content.length);
        return content;
    }

    /** The detection event, keyed by the image's S3 key. */
    public String event(@ExchangeProperty(JOB) ImageJob job, @Headers Map<String, Object> headers)
            throws JsonProcessingException {
        Map<String, Integer> labels = new TreeMap<>();
        job.detections.forEach(detection -> labels.merge(detection.label(), 1, Integer::sum));
        headers.put(KafkaConstants.KEY, job.image.s3Key());
        DetectionMetadata metadata = job.metadata;
        return json.writeValueAsString(new DetectionEvent(DetectionEvent.SCHEMA_VERSION, job.image.s3Key(),
                metadata.eventTimestamp(), metadata.processingTimestamp(),
                ImageKey.uri(storage, job.image.metadataKey()), job.annotatedUri, metadata.imageWidth(),
                metadata.imageHeight(), labels, metadata.detections()));
    }

    private static void s3Object(Map<String, Object> headers, String key, String contentType, long length) {
        headers.put(AWS2S3Constants.KEY, key);
        headers.put(AWS2S3Constants.CONTENT_TYPE, contentType);
        headers.put(AWS2S3Constants.CONTENT_LENGTH, length);
    }
}
