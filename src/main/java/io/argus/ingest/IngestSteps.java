package io.argus.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.events.ImageEvent;
import io.argus.storage.ImageKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.file.FileConstants;
import org.apache.camel.component.kafka.KafkaConstants;

/** The work of the ingest routes, one method per step; the routes only name them. */
public final class IngestSteps {
    static final String IMAGE = "argusImage";
    /** The event published, which the ledger records once the exchange completed. */
    static final String EVENT = "argusImageEvent";
    static final String VIDEO = "argusVideo";
    /** The path below the inbox of the image being published (for a frame: video path/frame_N.jpg). */
    static final String IMAGE_PATH = "ArgusImagePath";

    private final ImageInspector inspector;
    private final InboxFiles inbox;
    private final ObjectMapper json;
    private final ArgusConfig.S3 storage;
    private final Duration videoFrameInterval;
    private final Clock clock;

    public IngestSteps(ImageInspector inspector, InboxFiles inbox, ObjectMapper json,
                       ArgusConfig.S3 storage, Duration videoFrameInterval, Clock clock) {
        this.inspector = inspector;
        this.inbox = inbox;
        this.json = json;
        this.storage = storage;
        this.videoFrameInterval = videoFrameInterval;
        this.clock = clock;
    }

    /**
     * Recognises the file, opened without following links: a video is only marked (its frames are the
     * images); an image is prepared for upload from the bytes it was recognised by.
     */
    public void inspect(Exchange exchange) throws IOException {
        Path file = file(exchange);
        try (InboxFileOpener.OpenFile opened = inbox.open(file)) {
            InboxFile found = inspector.inspect(opened, inbox.relativePath(file));
            if (found instanceof InboxFile.Image image) {
                prepareUpload(exchange, image.description(), image.content());
            } else {
                exchange.setProperty(VIDEO, true);
            }
        }
    }

    public boolean isVideo(Exchange exchange) {
        return exchange.getProperty(VIDEO, false, Boolean.class);
    }

    /** The sampled frames of the video, opened again without following links and read lazily; the splitter closes them. */
    public VideoFrames videoFrames(Exchange exchange) {
        InboxFileOpener.OpenFile video = inbox.open(file(exchange));
        return VideoFrames.open(video.channel(), video.lastModified(), videoFrameInterval);
    }

    /** A frame becomes an image under the video's key: …/&lt;video name&gt;/frame_000123.jpg. */
    public void prepareFrame(Exchange exchange) {
        VideoFrames.Frame frame = exchange.getMessage().getBody(VideoFrames.Frame.class);
        String path = inbox.relativePath(file(exchange)) + "/" + String.format("frame_%06d.jpg", frame.number());
        ImageFile image = new ImageFile(path, "image/jpeg", frame.jpeg().length,
                ImageInspector.sha256(frame.jpeg()), frame.width(), frame.height(),
                frame.captureTime(), frame.captureTimeSource());
        prepareUpload(exchange, image, frame.jpeg());
    }

    private void prepareUpload(Exchange exchange, ImageFile image, byte[] content) {
        exchange.setProperty(IMAGE, image);
        exchange.getMessage().setHeader(IMAGE_PATH, image.relativePath());
        exchange.getMessage().setHeader(AWS2S3Constants.KEY, imageKey(image).s3Key());
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_TYPE, image.contentType());
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_LENGTH, image.sizeBytes());
        exchange.getMessage().setHeader(AWS2S3Constants.METADATA, Map.of("sha256", image.sha256()));
        exchange.getMessage().setBody(content);
    }

    /** The ledger's message id of the image being published: its path and content. */
    public String ledgerId(Exchange exchange) {
        return IngestLedger.messageId(exchange.getProperty(IMAGE, ImageFile.class));
    }

    /** After the upload: the event, keyed by the S3 key so that one image always lands in one partition. */
    public void toEvent(Exchange exchange) throws JsonProcessingException {
        ImageFile image = exchange.getProperty(IMAGE, ImageFile.class);
        ImageKey key = imageKey(image);
        ImageEvent event = new ImageEvent(ImageEvent.SCHEMA_VERSION, key.uri(), clock.instant().toString(),
                storage.bucket(), key.s3Key(), image.relativePath(), image.captureTime().toString(),
                image.captureTimeSource().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                image.sizeBytes(), image.contentType(), image.sha256(), image.width(), image.height());
        exchange.setProperty(EVENT, event);
        exchange.getMessage().setHeader(KafkaConstants.KEY, key.s3Key());
        exchange.getMessage().setBody(json.writeValueAsString(event));
    }

    public void done(Exchange exchange) {
        inbox.done(file(exchange));
    }

    public void reject(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        inbox.reject(file(exchange), cause.getMessage());
    }

    private ImageKey imageKey(ImageFile image) {
        return new ImageKey(storage, image.relativePath());
    }

    private static Path file(Exchange exchange) {
        return Path.of(exchange.getMessage().getHeader(FileConstants.FILE_PATH, String.class)).toAbsolutePath();
    }
}
