package io.argus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.testing.Ports;
import io.argus.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgusConfigTest {
    @TempDir
    Path dir;

    private static Properties defaults() {
        return ConfigSource.load(Optional.empty(), Map.of(), new Properties());
    }

    private static ArgusConfig with(String key, String value) {
        Properties properties = defaults();
        properties.setProperty(key, value);
        return ArgusConfig.from(properties);
    }

    @Test
    void defaultsAreValidAndDeriveTheFoldersFromTheDataDirectory() {
        ArgusConfig config = with("argus.data-dir", dir.toString());
        assertThat(config.inbox().dir()).isEqualTo(dir.resolve("inbox"));
        assertThat(config.inbox().doneDir()).isEqualTo(dir.resolve("done"));
        assertThat(config.inbox().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.inbox().afterIngest()).isEqualTo(ArgusConfig.AfterIngest.MOVE);
        assertThat(config.kafka().bootstrapServers()).isEmpty();
        assertThat(config.s3().bucket()).isEqualTo("argus");
        assertThat(config.ingest().maxFileSize()).isEqualTo(256L << 20);
    }

    @Test
    void aBadBucketNameStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> with("argus.s3.bucket", "My_Bucket"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("argus.s3.bucket: is not a valid S3 bucket name")
                .hasMessageContaining("'My_Bucket'");
    }

    @Test
    void aNegativePollIntervalStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> with("argus.inbox.poll-interval", "-5s"))
                .hasMessageContaining("argus.inbox.poll-interval: must be a positive duration");
    }

    /** Camel's parser reads text it does not understand as 0, which for the cache would mean "off". */
    @Test
    void aDurationThatIsNotOneIsRefusedRatherThanReadAsZero() {
        assertThatThrownBy(() -> with("argus.api.cache-ttl", "abc"))
                .hasMessageContaining("argus.api.cache-ttl: is not a duration; use e.g. 0, 500ms, 2s or 1m (got 'abc')");
        assertThatThrownBy(() -> with("argus.detect.stuck-after", "1M"))
                .hasMessageContaining("argus.detect.stuck-after: is not a duration");
        assertThat(with("argus.detect.stuck-after", "1h30m").detect().stuckAfter()).isEqualTo(Duration.ofMinutes(90));
        assertThat(with("argus.api.cache-ttl", "0").api().cacheTtl()).isZero();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Properties properties = defaults();
        properties.setProperty("argus.inbox.stable-for", "soon");
        properties.setProperty("argus.inbox.after-ingest", "archive");
        properties.setProperty("argus.kafka.topic-partitions", "0");
        properties.setProperty("argus.ingest.exif-zone", "Mars/Olympus");
        assertThatThrownBy(() -> ArgusConfig.from(properties))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "argus.inbox.stable-for: is not a duration; use e.g. 500ms, 2s or 1m (got 'soon')",
                        "argus.inbox.after-ingest: must be one of move, delete (got 'archive')",
                        "argus.ingest.exif-zone: is not a time zone; use an IANA name such as UTC or Europe/Berlin"
                                + " (got 'Mars/Olympus')",
                        "argus.kafka.topic-partitions: must be between 1 and 10000 (got '0')"));
    }

    @Test
    void malformedEndpointsAreRejected() {
        assertThatThrownBy(() -> with("argus.kafka.bootstrap-servers", "localhost"))
                .hasMessageContaining("argus.kafka.bootstrap-servers: must be a comma-separated list of host:port");
        assertThatThrownBy(() -> with("argus.elasticsearch.url", "ftp://es:9200"))
                .hasMessageContaining("argus.elasticsearch.url: must be an http:// or https:// URL");
        assertThatThrownBy(() -> with("argus.s3.access-key", "AKIA-only"))
                .hasMessageContaining("must be set together");
    }

    @Test
    void aYoloDetectorNeedsItsModelFilesAndTheyMustExist() {
        Properties properties = defaults();
        properties.setProperty("argus.detect.detector", "yolo-onnx");
        properties.setProperty("argus.detect.yolo.weights", dir.resolve("yolov8n.onnx").toString());
        assertThatThrownBy(() -> ArgusConfig.from(properties))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "argus.detect.yolo.weights: is missing or not a readable file (got '"
                                + dir.resolve("yolov8n.onnx") + "')",
                        "argus.detect.yolo.names: must name a file when argus.detect.detector is yolo-onnx (got '')"));
    }

    @Test
    void theDefaultDetectorIsTheInstalledCocoModel() {
        ArgusConfig.Detect detect = with("argus.models.dir", TestModels.dir().toString()).detect();
        assertThat(detect.detector()).isEqualTo("centernet");
        assertThat(detect.fallback()).isEmpty();
        assertThat(detect.confidenceThreshold()).isEqualTo(0.3);
        assertThat(detect.inputWidth()).isEqualTo(512);
    }

    @Test
    void withoutTheDefaultModelTheBuiltInDetectorRunsAndTheReasonSaysWhatToDo() {
        ArgusConfig.Detect detect = with("argus.models.dir", dir.toString()).detect();
        assertThat(detect.detector()).isEqualTo("opencv-builtin");
        assertThat(detect.fallback()).contains("the model centernet is not installed in " + dir
                + ": run ./argus models pull centernet");
    }

    @Test
    void askingForTheCocoModelWhenItIsMissingStopsStartUp() {
        Properties properties = defaults();
        properties.setProperty("argus.models.dir", dir.toString());
        properties.setProperty("argus.detect.detector", "centernet");
        assertThatThrownBy(() -> ArgusConfig.from(properties)).hasMessageContaining(
                "argus.detect.detector: the model centernet is not installed in " + dir
                        + ": run ./argus models pull centernet");
    }

    @Test
    void parsingReadsNoModelAndTheDetectorsStartFindsItDamaged() throws IOException {
        Path models = TestModels.damaged(dir);
        ArgusConfig.Detect detect = with("argus.models.dir", models.toString()).detect();
        assertThat(detect.detector()).isEqualTo("centernet");
        assertThat(detect.fallback()).isEmpty();
        assertThatThrownBy(detect::verifyModel).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("argus.detect.detector: the model centernet in " + models.resolve("centernet")
                        + " is damaged (centernet.json has SHA-256 ")
                .hasMessageEndingWith(": run ./argus models pull centernet");
    }

    @Test
    void anInstalledModelPassesItsCheck() {
        with("argus.models.dir", TestModels.dir().toString()).detect().verifyModel();
    }

    @Test
    void aLoopbackHostIsToldFromItsTextAlone() {
        assertThat(List.of("localhost", "LOCALHOST", "127.0.0.1", "127.12.0.255", "::1", "[::1]", "0:0:0:0:0:0:0:1"))
                .allMatch(ArgusConfig.Api::isLoopback);
        assertThat(List.of("0.0.0.0", "10.0.0.1", "128.0.0.1", "127.0.0.256", "::", "argus.example", "127.0.0.1.example"))
                .noneMatch(ArgusConfig.Api::isLoopback);
    }

    @Test
    void labelsAndPerLabelConfidenceDecideWhichDetectionsAreKept() {
        Properties properties = defaults();
        properties.setProperty("argus.models.dir", dir.toString());
        properties.setProperty("argus.detect.confidence-threshold", "0.5");
        properties.setProperty("argus.detect.labels", "person, car ,truck");
        properties.setProperty("argus.detect.label-confidence", "car=0.25,person=0.7");
        ArgusConfig.Detect detect = ArgusConfig.from(properties).detect();

        assertThat(detect.labels()).containsExactly("person", "car", "truck");
        assertThat(detect.detectorThreshold()).as("the lowest, so the detector reports cars at 0.25").isEqualTo(0.25);
        assertThat(detect.keeps("car", 0.3)).isTrue();
        assertThat(detect.keeps("person", 0.6)).isFalse();
        assertThat(detect.keeps("person", 0.7)).isTrue();
        assertThat(detect.keeps("truck", 0.45)).isFalse();
        assertThat(detect.keeps("truck", 0.5)).isTrue();
        assertThat(detect.keeps("dog", 0.99)).as("not among the labels").isFalse();
        assertThat(with("argus.models.dir", dir.toString()).detect().keeps("dog", 0.5)).as("no labels: all").isTrue();
    }

    @Test
    void aPerLabelConfidenceThatIsNoFractionIsRefused() {
        assertThatThrownBy(() -> with("argus.detect.label-confidence", "car=high"))
                .hasMessageContaining("argus.detect.label-confidence: is not a number");
        assertThatThrownBy(() -> with("argus.detect.label-confidence", "car"))
                .hasMessageContaining("must be a comma-separated list of name=number");
    }

    @Test
    void detectionWorkersDefaultToTheCoresAndImagesInFlightToTwiceTheWorkers() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(defaultsConfig().detect().workers()).isEqualTo(cores);
        assertThat(defaultsConfig().detect().inFlight()).isEqualTo(2 * cores);
        assertThat(with("argus.detect.workers", "3").detect().inFlight()).isEqualTo(6);
        assertThat(with("argus.detect.in-flight", "5").detect().inFlight()).isEqualTo(5);
        assertThatThrownBy(() -> with("argus.detect.in-flight", "-1")).hasMessageContaining("argus.detect.in-flight");
    }

    @Test
    void theApiListensOnLoopbackByDefault() {
        assertThat(defaultsConfig().api().host()).isEqualTo("127.0.0.1");
        assertThat(with("argus.api.host", "localhost").api().host()).isEqualTo("localhost");
    }

    @Test
    void anotherAddressWithoutAuthenticationRefusesToStartNamingBothSettings() {
        assertThatThrownBy(() -> with("argus.api.host", "0.0.0.0"))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("argus.api.host: is not a loopback address and argus.api.auth is none")
                        .contains("argus.api.allow-anonymous=true").endsWith("(got '0.0.0.0')"));
    }

    @Test
    void anotherAddressIsAllowedWithAuthenticationOrWhenAnonymousAccessIsAllowedExplicitly() {
        Properties properties = defaults();
        properties.setProperty("argus.api.host", "0.0.0.0");
        properties.setProperty("argus.api.allow-anonymous", "true");
        assertThat(ArgusConfig.from(properties).api().allowAnonymous()).isTrue();
        properties.setProperty("argus.api.allow-anonymous", "false");
        properties.setProperty("argus.api.auth", "token");
        properties.setProperty("argus.api.token", "a-token-of-sixteen-plus");
        assertThat(ArgusConfig.from(properties).api().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void theApiCacheMayBeTurnedOffButNotNegative() {
        assertThat(defaultsConfig().api().cacheTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(with("argus.api.cache-ttl", "0").api().cacheTtl()).isZero();
        assertThatThrownBy(() -> with("argus.api.cache-ttl", "-1s")).hasMessageContaining("argus.api.cache-ttl");
        assertThatThrownBy(() -> with("argus.api.cache-ttl", "soon")).hasMessageContaining("argus.api.cache-ttl");
    }

    private static ArgusConfig defaultsConfig() {
        return ArgusConfig.from(defaults());
    }

    @Test
    void theYoloInputSizeDefaultsToWhatTheDetectorsModelsUse() throws IOException {
        Path model = Files.writeString(dir.resolve("model"), "");
        Properties properties = defaults();
        properties.setProperty("argus.detect.yolo.weights", model.toString());
        properties.setProperty("argus.detect.yolo.cfg", model.toString());
        properties.setProperty("argus.detect.yolo.names", model.toString());
        properties.setProperty("argus.detect.detector", "yolo-onnx");
        assertThat(ArgusConfig.from(properties).detect().inputWidth()).isEqualTo(640);
        properties.setProperty("argus.detect.detector", "yolo-darknet");
        assertThat(ArgusConfig.from(properties).detect().inputHeight()).isEqualTo(416);
        properties.setProperty("argus.detect.input-height", "320");
        assertThat(ArgusConfig.from(properties).detect().inputHeight()).isEqualTo(320);
    }

    @Test
    void aProblemWithASecretDoesNotRepeatIt() {
        assertThatThrownBy(() -> with("argus.api.token", "hunter2"))
                .hasMessageContaining("argus.api.token: must be at least 16 characters")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void theDoneFolderMayNotLieInsideTheInbox() {
        Properties properties = defaults();
        properties.setProperty("argus.inbox.dir", dir.resolve("in").toString());
        properties.setProperty("argus.inbox.done-dir", dir.resolve("in/done").toString());
        assertThatThrownBy(() -> ArgusConfig.from(properties))
                .hasMessageContaining("argus.inbox.done-dir: must not be inside the inbox");
    }

    @Test
    void environmentOverridesTheFileAndSystemPropertiesOverrideTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("argus.properties"),
                "argus.s3.bucket=from-file\nargus.kafka.image-topic=file-topic\nargus.inbox.poll-interval=3s\n");
        Properties system = new Properties();
        system.setProperty("argus.kafka.image-topic", "system-topic");
        Properties effective = ConfigSource.load(Optional.of(file),
                Map.of("ARGUS_KAFKA_IMAGE_TOPIC", "env-topic", "ARGUS_INBOX_POLL_INTERVAL", "2s"), system);
        ArgusConfig config = ArgusConfig.from(effective);
        assertThat(config.s3().bucket()).isEqualTo("from-file");
        assertThat(config.inbox().pollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.kafka().imageTopic()).isEqualTo("system-topic");
    }

    @Test
    void anUnknownPropertyInTheConfigFileIsAnError() throws IOException {
        Path file = Files.writeString(dir.resolve("argus.properties"), "argus.inbox.pol-interval=3s\n");
        assertThatThrownBy(() -> ConfigSource.load(Optional.of(file), Map.of(), new Properties()))
                .hasMessageContaining("argus.inbox.pol-interval (in " + file + "): unknown property");
    }

    @Test
    void anUnreachableExternalEndpointStopsStartUpNamingTheProperty() throws IOException {
        int closedPort = Ports.free();
        ArgusConfig config = with("argus.elasticsearch.url", "http://127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> ExternalEndpoints.verify(config))
                .hasMessageContaining("argus.elasticsearch.url: cannot be reached (127.0.0.1:" + closedPort);
    }

    @Test
    void secretsNeverAppearInTheConfigurationsText() {
        Properties properties = defaults();
        properties.setProperty("argus.s3.access-key", "AKIAEXAMPLE");
        properties.setProperty("argus.s3.secret-key", "wJalrXUtnFEMI-very-secret");
        assertThat(ArgusConfig.from(properties).toString()).doesNotContain("wJalrXUtnFEMI-very-secret");
    }

    @Test
    void securitySettingsThatCannotWorkStopStartUpWithoutEchoingASecret() {
        Properties sasl = defaults();
        sasl.setProperty("argus.kafka.security-protocol", "sasl-ssl");
        sasl.setProperty("argus.kafka.password", "kafka-secret-value");
        assertThatThrownBy(() -> ArgusConfig.from(sasl))
                .hasMessageContaining("argus.kafka.username: argus.kafka.username and argus.kafka.password must be set"
                        + " for sasl-ssl")
                .hasMessageNotContaining("kafka-secret-value");
        assertThatThrownBy(() -> with("argus.kafka.security-protocol", "kerberos"))
                .hasMessageContaining("must be one of plaintext, ssl, sasl-plaintext, sasl-ssl");
        assertThatThrownBy(() -> with("argus.api.auth", "basic"))
                .hasMessageContaining("argus.api.auth: basic needs argus.api.username and argus.api.password");
        assertThatThrownBy(() -> with("argus.api.auth", "token"))
                .hasMessageContaining("argus.api.auth: token needs argus.api.token");
        assertThatThrownBy(() -> with("argus.api.password", "short-pw"))
                .hasMessageContaining("argus.api.password: must be at least 12 characters")
                .hasMessageNotContaining("short-pw");
        assertThatThrownBy(() -> with("argus.elasticsearch.password", "es-secret-value"))
                .hasMessageContaining("must be set together").hasMessageNotContaining("es-secret-value");
        assertThatThrownBy(() -> with("argus.elasticsearch.ca-certificate", dir.resolve("none.pem").toString()))
                .hasMessageContaining("argus.elasticsearch.ca-certificate: is missing or not a readable file");
    }

    @Test
    void aSecretComesFromTheFileItsVariableWithFileAppendedNames() throws IOException {
        Path secret = Files.writeString(dir.resolve("s3-secret"), "from-a-mounted-file\n");
        Properties effective = ConfigSource.load(Optional.empty(),
                Map.of("ARGUS_S3_SECRET_KEY_FILE", secret.toString()), new Properties());
        assertThat(effective.getProperty("argus.s3.secret-key")).isEqualTo("from-a-mounted-file");
        assertThatThrownBy(() -> ConfigSource.load(Optional.empty(),
                Map.of("ARGUS_API_TOKEN_FILE", dir.resolve("missing").toString()), new Properties()))
                .hasMessageContaining("argus.api.token: ARGUS_API_TOKEN_FILE names a file that cannot be read");
    }
}
