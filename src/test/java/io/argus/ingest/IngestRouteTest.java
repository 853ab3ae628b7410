package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.errors.DeadLetterRoute;
import io.argus.errors.FlowErrorPolicy;
import io.argus.testing.RouteTestSupport;
import io.argus.testing.TestPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest routes' wiring: a photo dropped into the inbox is stored, published and moved to done;
 * the same content again is not published twice; a file that is no image, or a link to a folder, is
 * moved to rejected with its reason and becomes a dead-letter record. The S3 and Kafka endpoints are mocks, and the ledger
 * is Camel's in-memory idempotent repository standing in for the S3 one.
 */
class IngestRouteTest extends RouteTestSupport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE_EVENTS = "mock:image-events";

    @TempDir
    static Path data;

    @Override
    protected Map<String, String> overrides() {
        return Map.of("argus.data-dir", data.toString(), "argus.inbox.poll-interval", "100ms",
                "argus.inbox.stable-for", "100ms");
    }

    @Override
    protected RoutesBuilder[] createRouteBuilders() {
        IngestSteps steps = new IngestSteps(new ImageInspector(config().ingest().maxFileSize(), config().ingest().exifZone()),
                new InboxFiles(config().inbox()), JSON, config().s3(), config().ingest().videoFrameInterval(),
                Clock.systemUTC());
        return new RoutesBuilder[] {new FlowErrorPolicy(config().retry()),
                new DeadLetterRoute(JSON, config().s3().errorsPrefix(), Clock.systemUTC()),
                new IngestRoute(steps, new MemoryIdempotentRepository(), config().inbox().stableFor())};
    }

    @BeforeEach
    void start() throws Exception {
        for (Path folder : new Path[] {config().inbox().dir(), config().inbox().doneDir(), config().inbox().rejectedDir()}) {
            Files.createDirectories(folder);
        }
        mockServices(IngestRoute.PUBLISH_ROUTE_ID, IMAGE_EVENTS);
        mockServices(DeadLetterRoute.ROUTE_ID, DEAD_LETTERS);
        context.start();
    }

    @Test
    void aPhotoIsStoredPublishedAndMovedToDoneAndTheSameContentIsPublishedOnce() throws Exception {
        MockEndpoint s3 = getMockEndpoint(S3);
        s3.expectedHeaderReceived(AWS2S3Constants.KEY, "images/cam1/coffee.png");
        MockEndpoint events = getMockEndpoint(IMAGE_EVENTS);
        events.expectedMessageCount(1);

        drop("coffee.png", "cam1/coffee.png");
        MockEndpoint.assertIsSatisfied(context);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(config().inbox().doneDir().resolve("cam1/coffee.png")));
        JsonNode event = JSON.readTree(events.getReceivedExchanges().get(0).getMessage().getBody(String.class));
        assertThat(event.path("image_path").asText()).isEqualTo("s3://argus/images/cam1/coffee.png");
        assertThat(event.path("upload_timestamp").asText()).isNotEmpty();

        drop("coffee.png", "cam1/coffee.png");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(config().inbox().dir().resolve("cam1/coffee.png")));
        assertThat(events.getReceivedExchanges()).as("the same content again is a duplicate").hasSize(1);
        assertThat(s3.getReceivedExchanges()).hasSize(1);
    }

    @Test
    void aFileThatIsNoImageIsRejectedWithItsReasonAndDeadLettered() throws Exception {
        MockEndpoint deadLetters = getMockEndpoint(DEAD_LETTERS);
        deadLetters.expectedMessageCount(1);
        getMockEndpoint(IMAGE_EVENTS).expectedMessageCount(0);

        Path notes = config().inbox().dir().resolve("notes.txt");
        Files.writeString(notes, "not an image");

        deadLetters.assertIsSatisfied();
        JsonNode letter = JSON.readTree(deadLetters.getReceivedExchanges().get(0).getMessage().getBody(byte[].class));
        assertThat(letter.path("flow").asText()).isEqualTo("ingest");
        assertThat(letter.path("source").asText()).isEqualTo("inbox:notes.txt");
        assertThat(config().inbox().rejectedDir().resolve("notes.txt")).hasContent("not an image");
        assertThat(config().inbox().rejectedDir().resolve("notes.txt.reason")).content()
                .startsWith(letter.path("reason").asText()).contains("not a supported image");
        getMockEndpoint(IMAGE_EVENTS).assertIsSatisfied();
    }

    @Test
    void aLinkToAFolderIsNotEnteredButRejectedWithItsReasonAndDeadLetteredByIngest() throws Exception {
        MockEndpoint deadLetters = getMockEndpoint(DEAD_LETTERS);
        deadLetters.expectedMessageCount(1);
        getMockEndpoint(S3).expectedMessageCount(1);
        Path photos = Files.createDirectories(data.resolve("elsewhere/holiday"));
        Files.copy(TestPhotos.get("coffee.png"), photos.resolve("coffee.png"));

        Files.createSymbolicLink(config().inbox().dir().resolve("holiday"), photos);

        deadLetters.assertIsSatisfied();
        JsonNode letter = JSON.readTree(deadLetters.getReceivedExchanges().get(0).getMessage().getBody(byte[].class));
        assertThat(letter.path("flow").asText()).isEqualTo("ingest");
        assertThat(letter.path("source").asText()).isEqualTo("inbox:holiday");
        Path rejected = config().inbox().rejectedDir();
        assertThat(rejected.resolve("holiday")).isSymbolicLink();
        assertThat(rejected.resolve("holiday.reason")).content().startsWith(letter.path("reason").asText())
                .contains("holiday is a symbolic link to a folder");
        assertThat(photos.resolve("coffee.png")).exists();
        getMockEndpoint(S3).assertIsSatisfied();
        assertThat(getMockEndpoint(S3).getReceivedExchanges().get(0).getMessage()
                .getHeader(AWS2S3Constants.KEY, String.class)).as("the dead letter's copy, no image")
                .isEqualTo("errors/ingest/inbox/holiday.json");
    }

    private void drop(String photo, String path) throws IOException {
        Path target = config().inbox().dir().resolve(path);
        Files.createDirectories(target.getParent());
        Path staged = Files.createTempFile(data, "staged", ".png");
        Files.copy(TestPhotos.get(photo), staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
