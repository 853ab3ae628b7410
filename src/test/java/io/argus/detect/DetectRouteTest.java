package io.argus.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.errors.DeadLetterRoute;
import io.argus.errors.FlowErrorPolicy;
import io.argus.testing.RouteTestSupport;
import io.argus.testing.TestPhotos;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The detect route's wiring: an image event goes through the seven steps to the annotated copy, the
 * metadata and the detection event; a poison event goes to the dead-letter channel, as received,
 * and nothing else is written. The real built-in detector runs; the image is read from the test
 * photos instead of S3, and the S3 and Kafka endpoints are mocks.
 */
class DetectRouteTest extends RouteTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENTS = "direct:image-events";
    private static final String DETECTIONS = "mock:detection-events";

    private DetectorPool detectors;

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        detectors = new DetectorPool(Detectors.factory(config().detect()), 1);
        DetectSteps steps = new DetectSteps(null, JSON, config().s3(), config().detect(), detectors, Clock.systemUTC());
        return new RoutesBuilder[] {new FlowErrorPolicy(config().retry()),
                new DeadLetterRoute(JSON, config().s3().errorsPrefix(), Clock.systemUTC()), new DetectRoute(steps)};
    }

    @BeforeEach
    void readImagesFromTheTestPhotos() throws Exception {
        mockServices(DetectRoute.ROUTE_ID, DETECTIONS);
        mockServices(DeadLetterRoute.ROUTE_ID, DEAD_LETTERS);
        AdviceWith.adviceWith(context, DetectRoute.ROUTE_ID, route -> {
            route.replaceFromWith(EVENTS);
            route.weaveById("read-image").replace().process(exchange -> {
                ImageJob job = exchange.getProperty(DetectSteps.JOB, ImageJob.class);
                String name = job.image.path().substring(job.image.path().lastIndexOf('/') + 1);
                exchange.getMessage().setBody(Files.readAllBytes(TestPhotos.get(name)));
            });
        });
        context.start();
    }

    @AfterEach
    void closeDetectors() {
        detectors.close();
    }

    @Test
    void anImageEventGoesThroughEveryStepToTheAnnotatedCopyTheMetadataAndTheDetectionEvent() throws Exception {
        MockEndpoint s3 = getMockEndpoint(S3);
        s3.expectedHeaderValuesReceivedInAnyOrder(AWS2S3Constants.KEY,
                "annotated/lab/astronaut.png.jpg", "metadata/lab/astronaut.png.json");
        MockEndpoint detections = getMockEndpoint(DETECTIONS);
        detections.expectedMessageCount(1);
        MockEndpoint deadLetters = getMockEndpoint(DEAD_LETTERS);
        deadLetters.expectedMessageCount(0);

        template.sendBodyAndHeaders(EVENTS, "{\"image_path\":\"s3://argus/images/lab/astronaut.png\","
                + "\"upload_timestamp\":\"2026-03-28T10:15:00Z\"}", Map.of(KafkaConstants.PARTITION, 2,
                KafkaConstants.OFFSET, 41L));

        MockEndpoint.assertIsSatisfied(context);
        JsonNode metadata = JSON.readTree(s3.getReceivedExchanges().stream()
                .filter(e -> e.getMessage().getHeader(AWS2S3Constants.KEY, String.class).startsWith("metadata/"))
                .findFirst().orElseThrow().getMessage().getBody(byte[].class));
        assertThat(metadata.path("source_image_path").asText()).isEqualTo("s3://argus/images/lab/astronaut.png");
        assertThat(metadata.path("source_kafka_partition").asInt()).isEqualTo(2);
        assertThat(metadata.path("source_kafka_offset").asLong()).isEqualTo(41);
        assertThat(metadata.path("image_width").asInt()).isEqualTo(512);
        assertThat(metadata.path("detections").findValuesAsText("label")).contains("face");
        JsonNode event = JSON.readTree(detections.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertThat(event.toString()).contains("lab/astronaut.png", "face");
        assertThat(detections.getReceivedExchanges().get(0).getMessage().getHeader(KafkaConstants.KEY))
                .isEqualTo("images/lab/astronaut.png");
    }

    @Test
    void aPoisonEventGoesAsReceivedToTheDeadLetterChannelAndNothingElseIsWritten() throws Exception {
        MockEndpoint s3 = getMockEndpoint(S3);
        MockEndpoint deadLetters = getMockEndpoint(DEAD_LETTERS);
        deadLetters.expectedMessageCount(1);
        getMockEndpoint(DETECTIONS).expectedMessageCount(0);

        template.sendBodyAndHeaders(EVENTS, "{not json", Map.of(KafkaConstants.TOPIC, "argus-image-events",
                KafkaConstants.PARTITION, 0, KafkaConstants.OFFSET, 7L));

        deadLetters.assertIsSatisfied();
        JsonNode letter = JSON.readTree(deadLetters.getReceivedExchanges().get(0).getMessage().getBody(byte[].class));
        assertThat(letter.path("flow").asText()).isEqualTo("detect");
        assertThat(letter.path("reason").asText()).startsWith("malformed image event: not JSON");
        assertThat(letter.path("original").asText()).isEqualTo("{not json");
        assertThat(letter.path("source").asText()).isEqualTo("kafka:argus-image-events/0/7");
        assertThat(deadLetters.getReceivedExchanges().get(0).getMessage().getHeader(KafkaConstants.KEY))
                .isEqualTo("kafka:argus-image-events/0/7");
        assertThat(s3.getReceivedExchanges()).singleElement().satisfies(exchange -> assertThat(
                exchange.getMessage().getHeader(AWS2S3Constants.KEY, String.class))
                .isEqualTo("errors/detect/kafka/argus-image-events/0/7.json"));
        getMockEndpoint(DETECTIONS).assertIsSatisfied();
    }
}
