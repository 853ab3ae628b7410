package io.argus.config;

import io.argus.hadoop.BucketSize;
import io.argus.models.ModelCatalog;
import io.argus.models.ModelStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The typed, validated configuration of one Argus runtime. Built once at start-up from the
 * layered properties ({@link ConfigSource}); every property is documented in docs/configuration.md.
 * An empty external endpoint means "start the local service".
 */
public record ArgusConfig(Path dataDir, Inbox inbox, Ingest ingest, S3 s3, Kafka kafka, Elasticsearch elasticsearch,
                          Detect detect, Batch batch, Index index, Retry retry, Api api, Monitor monitor,
                          Routes routes, Local local) {

    public enum AfterIngest { MOVE, DELETE }

    public record Inbox(Path dir, Path doneDir, Path rejectedDir, Duration pollInterval, Duration stableFor,
                        AfterIngest afterIngest) {
    }

    public record Ingest(int workers, long maxFileSize, ZoneId exifZone, Duration videoFrameInterval) {
    }

    public record S3(Optional<URI> endpoint, String region, String bucket, Optional<String> accessKey,
                     Optional<String> secretKey, boolean pathStyleAccess, String imagesPrefix, String ledgerPrefix,
                     String metadataPrefix, String annotatedPrefix, String errorsPrefix) {
        @Override
        public String toString() {
            return "S3[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
                    + ", accessKey=" + accessKey.map(k -> "(set)").orElse("(none)")
                    + ", secretKey=" + secretKey.map(k -> "(set)").orElse("(none)") + "]";
        }
    }

    public record Kafka(Optional<String> bootstrapServers, String imageTopic, String detectionTopic,
                        String deadLetterTopic, String detectGroup, String detectionsIndexGroup, int topicPartitions,
                        short replicationFactor, KafkaSecurity security) {
    }

    public enum KafkaProtocol { PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL }

    public enum SaslMechanism { SCRAM_SHA_512, SCRAM_SHA_256, PLAIN }

    /**
     * How Argus's Kafka clients authenticate and encrypt: SASL (SCRAM or PLAIN) with a user and
     * password, TLS verified against {@code caCertificate} (PEM) or the JVM's trusted authorities.
     */
    public record KafkaSecurity(KafkaProtocol protocol, SaslMechanism mechanism, Optional<String> username,
                                Optional<String> password, Optional<Path> caCertificate) {
        public static final KafkaSecurity NONE = new KafkaSecurity(KafkaProtocol.PLAINTEXT,
                SaslMechanism.SCRAM_SHA_512, Optional.empty(), Optional.empty(), Optional.empty());

        public boolean sasl() {
            return protocol == KafkaProtocol.SASL_PLAINTEXT || protocol == KafkaProtocol.SASL_SSL;
        }

        public boolean tls() {
            return protocol == KafkaProtocol.SSL || protocol == KafkaProtocol.SASL_SSL;
        }

        @Override
        public String toString() {
            return "KafkaSecurity[protocol=" + protocol + ", mechanism=" + mechanism + ", username=" + username
                    + ", password=" + password.map(p -> "(set)").orElse("(none)") + ", caCertificate="
                    + caCertificate + "]";
        }
    }

    public enum DetectorKind {
        AUTO(0, 0.5), OPENCV_BUILTIN(0, 0.5), CENTERNET(512, 0.3), YOLO_DARKNET(416, 0.5), YOLO_ONNX(640, 0.5);

        /** The input size its models are usually trained and exported with, for an input size of 0. */
        private final int usualInputSize;
        /** The confidence threshold when argus.detect.confidence-threshold is empty. */
        private final double usualThreshold;

        DetectorKind(int usualInputSize, double usualThreshold) {
            this.usualInputSize = usualInputSize;
            this.usualThreshold = usualThreshold;
        }

        /** The name users write, e.g. {@code opencv-builtin}. */
        public String settingName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The detection flow; {@code workers} (detectors) and {@code inFlight} (images at once, Kafka
     * consumers) are already resolved: 0 in the properties means one per core and twice the workers.
     * {@code detector} is resolved too: {@code auto} became the default model's detector, or the
     * built-in one with the reason in {@code fallback}. {@code labels} keeps only those classes (all
     * when empty); {@code labelConfidence} gives some labels a minimum confidence of their own.
     */
    public record Detect(DetectorKind detector, Optional<String> fallback, int workers, int inFlight,
                         double confidenceThreshold, Map<String, Double> labelConfidence, Set<String> labels,
                         double nmsThreshold, int inputWidth, int inputHeight, long maxImageBytes, long maxImagePixels,
                         boolean annotate, Duration stuckAfter, Path cascadeDir, Path modelsDir,
                         Optional<Path> yoloCfg, Optional<Path> yoloWeights, Optional<Path> yoloNames,
                         int maxPollRecords) {

        /** The threshold the detector itself applies: the lowest of the global and the per-label ones. */
        public double detectorThreshold() {
            return labelConfidence.values().stream().reduce(confidenceThreshold, Math::min);
        }

        /** Whether a detection of this label and confidence is kept. */
        public boolean keeps(String label, double confidence) {
            return (labels.isEmpty() || labels.contains(label))
                    && confidence >= labelConfidence.getOrDefault(label, confidenceThreshold);
        }
    }

    /** An external Elasticsearch: its URL, basic-auth user, and the CA (PEM) its HTTPS certificate is checked against. */
    public record Elasticsearch(Optional<URI> url, Optional<String> username, Optional<String> password,
                                Optional<Path> caCertificate) {
        @Override
        public String toString() {
            return "Elasticsearch[url=" + url + ", username=" + username + ", password="
                    + password.map(p -> "(set)").orElse("(none)") + ", caCertificate=" + caCertificate + "]";
        }
    }

    /**
     * The batch flow: when it runs, what the MapReduce job counts and where it keeps its output;
     * {@code hadoopConfDir} empty means Hadoop's local job runner in this process.
     */
    public record Batch(boolean scheduled, String cron, Duration maxAge, BucketSize bucket, double minConfidence,
                        int objectsPerTask, String s3Prefix, Optional<Path> hadoopConfDir, Path jobJar,
                        Misfire misfire) {
    }

    /** What the schedule does with a firing it missed (Argus was down, or a run outlasted the interval). */
    public enum Misfire {
        /** Wait for the next firing. */
        SKIP(org.quartz.CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING),
        /** Run once now, however many firings were missed. */
        RUN_ONCE(org.quartz.CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW);

        public final int quartzInstruction;

        Misfire(int quartzInstruction) {
            this.quartzInstruction = quartzInstruction;
        }
    }

    /**
     * Camel redelivery of the flows (ingest, detect, the detections index, the dead-letter channel):
     * a passing failure of S3, Kafka or Elasticsearch is tried again this many times, waiting from
     * {@code initialDelay}, doubling up to {@code maxDelay}.
     */
    public record Retry(int maxRedeliveries, Duration initialDelay, Duration maxDelay) {
    }

    /** YAML route overrides: the external folder (after classpath routes/) and whether changes reload live. */
    public record Routes(Path dir, boolean reload) {
    }

    /** The monitoring HTTP server: Prometheus metrics, health and (optionally) Jolokia. */
    public record Monitor(String host, int port, boolean jolokia) {
    }

    public enum ApiAuth { NONE, BASIC, TOKEN }

    /**
     * The HTTP server of the API and the dashboard. {@code auth} guards every request: BASIC with
     * {@code username}/{@code password}, TOKEN with {@code token} (as a Bearer token or a basic-auth
     * password); {@code token} always guards write operations.
     */
    public record Api(String host, int port, ApiAuth auth, Optional<String> username, Optional<String> password,
                      Optional<String> token, boolean allowAnonymous, Duration cacheTtl, Duration deadline) {
        @Override
        public String toString() {
            return "Api[host=" + host + ", port=" + port + ", auth=" + auth + ", username=" + username
                    + ", password=" + password.map(p -> "(set)").orElse("(none)")
                    + ", token=" + token.map(t -> "(set)").orElse("(none)") + ", allowAnonymous=" + allowAnonymous
                    + ", cacheTtl=" + cacheTtl + ", deadline=" + deadline + "]";
        }
    }

    /** Bulk indexing of the job's counts into Elasticsearch. */
    public record Index(String name, String detectionsName, int batchSize, long batchBytes, int maxAttempts, Duration retryInitialDelay,
                        Duration retryMaxDelay) {
    }

    /**
     * The local services; {@code elasticsearchSecurity} turns on HTTPS and basic auth with generated
     * certificates and credentials, {@code kafkaSasl} SASL/SCRAM with a generated user.
     */
    public record Local(Path servicesDir, int kafkaPort, boolean kafkaSasl, int s3Port, int elasticsearchPort,
                        boolean elasticsearchSecurity, Optional<Path> elasticsearchJavaHome, String elasticsearchHeap,
                        String elasticsearchUser, Duration startupTimeout) {
    }

    /** S3 bucket naming rules (the subset that applies everywhere, AWS and S3-compatible servers alike). */
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern HEAP = Pattern.compile("\\d+[mMgG]");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:,]+:\\d{1,5}");

    public static ArgusConfig from(Properties properties) {
        SettingsReader read = new SettingsReader(properties);
        Path dataDir = read.path("argus.data-dir", Path.of("data"));

        Inbox inbox = new Inbox(
                read.path("argus.inbox.dir", dataDir.resolve("inbox")),
                read.path("argus.inbox.done-dir", dataDir.resolve("done")),
                read.path("argus.inbox.rejected-dir", dataDir.resolve("rejected")),
                read.positiveDuration("argus.inbox.poll-interval"),
                read.positiveDuration("argus.inbox.stable-for"),
                read.choice("argus.inbox.after-ingest", AfterIngest.class));
        checkInboxFolders(read, inbox);

        Ingest ingest = new Ingest(read.integer("argus.ingest.workers", 1, 256), read.byteSize("argus.ingest.max-file-size"), read.zone("argus.ingest.exif-zone"),
                read.positiveDuration("argus.ingest.video-frame-interval"));

        S3 s3 = new S3(
                read.httpUri("argus.s3.endpoint"),
                read.required("argus.s3.region"),
                read.required("argus.s3.bucket"),
                read.optional("argus.s3.access-key"),
                read.optional("argus.s3.secret-key"),
                read.bool("argus.s3.path-style-access"),
                prefix(read, "argus.s3.images-prefix"),
                prefix(read, "argus.s3.ledger-prefix"),
                prefix(read, "argus.s3.metadata-prefix"),
                prefix(read, "argus.s3.annotated-prefix"),
                prefix(read, "argus.s3.errors-prefix"));
        if (!BUCKET.matcher(s3.bucket()).matches() || s3.bucket().contains("..")
                || IP_ADDRESS.matcher(s3.bucket()).matches()) {
            read.problem("argus.s3.bucket", "is not a valid S3 bucket name (3-63 characters: lower-case letters,"
                    + " digits, dots and hyphens, starting and ending with a letter or digit)");
        }
        if (s3.accessKey().isPresent() != s3.secretKey().isPresent()) {
            read.problem("argus.s3.access-key", "argus.s3.access-key and argus.s3.secret-key must be set together");
        }
        if (java.util.stream.Stream.of(s3.imagesPrefix(), s3.ledgerPrefix(), s3.metadataPrefix(),
                s3.annotatedPrefix(), s3.errorsPrefix()).distinct().count() < 5) {
            read.problem("argus.s3.images-prefix", "the S3 prefixes (images, ledger, metadata, annotated, errors)"
                    + " must all differ");
        }

        Kafka kafka = new Kafka(
                read.optional("argus.kafka.bootstrap-servers"),
                read.required("argus.kafka.image-topic"),
                read.required("argus.kafka.detection-topic"),
                read.required("argus.kafka.dead-letter-topic"),
                read.required("argus.kafka.detect-group"),
                read.required("argus.kafka.detections-index-group"),
                read.integer("argus.kafka.topic-partitions", 1, 10_000),
                (short) read.integer("argus.kafka.replication-factor", 1, 32),
                new KafkaSecurity(read.choice("argus.kafka.security-protocol", KafkaProtocol.class),
                        read.choice("argus.kafka.sasl-mechanism", SaslMechanism.class),
                        read.optional("argus.kafka.username"), read.optional("argus.kafka.password"),
                        read.readableFile("argus.kafka.ca-certificate")));
        KafkaSecurity kafkaSecurity = kafka.security();
        if (kafkaSecurity.sasl() && (kafkaSecurity.username().isEmpty() || kafkaSecurity.password().isEmpty())) {
            read.problem("argus.kafka.username", "argus.kafka.username and argus.kafka.password must be set for "
                    + read.raw("argus.kafka.security-protocol"));
        }
        if (kafkaSecurity.caCertificate().isPresent() && !kafkaSecurity.tls()) {
            read.problem("argus.kafka.ca-certificate", "is used only with argus.kafka.security-protocol ssl or sasl-ssl");
        }
        kafka.bootstrapServers().ifPresent(servers -> {
            for (String server : servers.split(",")) {
                if (!HOST_PORT.matcher(server.trim()).matches()) {
                    read.problem("argus.kafka.bootstrap-servers", "must be a comma-separated list of host:port");
                    break;
                }
            }
        });
        for (String key : List.of("argus.kafka.image-topic", "argus.kafka.detection-topic",
                "argus.kafka.dead-letter-topic")) {
            if (!TOPIC.matcher(read.raw(key)).matches()) {
                read.problem(key, "is not a valid Kafka topic name (letters, digits, '.', '_', '-')");
            }
        }

        Elasticsearch elasticsearch = new Elasticsearch(read.httpUri("argus.elasticsearch.url"),
                read.optional("argus.elasticsearch.username"), read.optional("argus.elasticsearch.password"),
                read.readableFile("argus.elasticsearch.ca-certificate"));
        if (elasticsearch.username().isPresent() != elasticsearch.password().isPresent()) {
            read.problem("argus.elasticsearch.username",
                    "argus.elasticsearch.username and argus.elasticsearch.password must be set together");
        }

        int workers = read.integer("argus.detect.workers", 0, 256);
        int resolvedWorkers = workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
        int inFlight = read.integer("argus.detect.in-flight", 0, 512);
        Path modelsDir = read.path("argus.models.dir", dataDir.resolve("models"));
        DetectorKind configured = read.choice("argus.detect.detector", DetectorKind.class);
        DetectorKind detector = configured;
        Optional<String> fallback = Optional.empty();
        if (configured == DetectorKind.AUTO || configured == DetectorKind.CENTERNET) {
            ModelStore.Status defaultModel = new ModelStore(modelsDir).status(ModelCatalog.CENTERNET);
            String missing = null;
            if (defaultModel instanceof ModelStore.Status.Missing) {
                missing = "the model " + ModelCatalog.DEFAULT_MODEL + " is not installed in " + modelsDir;
            } else if (defaultModel instanceof ModelStore.Status.Damaged damaged) {
                missing = "the model " + ModelCatalog.DEFAULT_MODEL + " in " + damaged.dir() + " is damaged ("
                        + damaged.reason() + ")";
            }
            String remedy = ": run ./argus models pull " + ModelCatalog.DEFAULT_MODEL;
            if (missing == null) {
                detector = DetectorKind.CENTERNET;
            } else if (configured == DetectorKind.AUTO) {
                detector = DetectorKind.OPENCV_BUILTIN;
                fallback = Optional.of(missing + remedy);
            } else {
                read.problem("argus.detect.detector", missing + remedy);
            }
        }
        int inputWidth = read.integer("argus.detect.input-width", 0, 4096);
        int inputHeight = read.integer("argus.detect.input-height", 0, 4096);
        Detect detect = new Detect(
                detector,
                fallback,
                resolvedWorkers,
                inFlight == 0 ? 2 * resolvedWorkers : inFlight,
                read.optionalFraction("argus.detect.confidence-threshold").orElse(detector.usualThreshold),
                read.fractions("argus.detect.label-confidence"),
                new LinkedHashSet<>(read.list("argus.detect.labels")),
                read.fraction("argus.detect.nms-threshold"),
                inputWidth == 0 ? detector.usualInputSize : inputWidth,
                inputHeight == 0 ? detector.usualInputSize : inputHeight,
                read.byteSize("argus.detect.max-image-bytes"),
                read.positiveLong("argus.detect.max-image-pixels"),
                read.bool("argus.detect.annotate"),
                read.positiveDuration("argus.detect.stuck-after"),
                read.path("argus.detect.builtin.cascade-dir", Path.of("/usr/share/opencv4")),
                modelsDir,
                read.readableFile("argus.detect.yolo.cfg"),
                read.readableFile("argus.detect.yolo.weights"),
                read.readableFile("argus.detect.yolo.names"),
                read.integer("argus.detect.max-poll-records", 1, 10_000));
        List<String> modelFiles = switch (detector) {
            case AUTO, OPENCV_BUILTIN, CENTERNET -> List.of();
            case YOLO_DARKNET -> List.of("argus.detect.yolo.cfg", "argus.detect.yolo.weights", "argus.detect.yolo.names");
            case YOLO_ONNX -> List.of("argus.detect.yolo.weights", "argus.detect.yolo.names");
        };
        for (String key : modelFiles) {
            if (read.optional(key).isEmpty()) {
                read.problem(key, "must name a file when argus.detect.detector is "
                        + read.raw("argus.detect.detector"));
            }
        }

        Batch batch = new Batch(
                read.bool("argus.batch.scheduled"),
                read.required("argus.batch.cron"),
                read.positiveDuration("argus.batch.max-age"),
                read.choice("argus.batch.bucket", BucketSize.class),
                read.fraction("argus.batch.min-confidence"),
                read.integer("argus.batch.objects-per-task", 1, 1_000_000),
                prefix(read, "argus.batch.s3-prefix"),
                read.optional("argus.batch.hadoop-conf-dir").map(Path::of),
                read.path("argus.batch.job-jar", defaultHome().resolve("hadoop/argus-hadoop-job.jar")),
                read.choice("argus.batch.misfire", Misfire.class));
        if (!org.quartz.CronExpression.isValidExpression(batch.cron())) {
            read.problem("argus.batch.cron", "is not a Quartz cron expression (seconds first, e.g. 0 0/10 * * * ?)");
        }
        batch.hadoopConfDir().filter(dir -> !java.nio.file.Files.isDirectory(dir)).ifPresent(
                dir -> read.problem("argus.batch.hadoop-conf-dir", "is not a folder of Hadoop *-site.xml files"));

        Index index = new Index(
                read.required("argus.index.name"),
                read.required("argus.index.detections-name"),
                read.integer("argus.index.batch-size", 1, 100_000),
                read.byteSize("argus.index.batch-bytes"),
                read.integer("argus.index.max-attempts", 1, 1000),
                read.positiveDuration("argus.index.retry-initial-delay"),
                read.positiveDuration("argus.index.retry-max-delay"));
        for (String key : List.of("argus.index.name", "argus.index.detections-name")) {
            String name = read.raw(key);
            if (!name.equals(name.toLowerCase(java.util.Locale.ROOT)) || name.startsWith("_")
                    || name.matches(".*[\\\\/*?\"<>| ,#:].*")) {
                read.problem(key, "is not a valid Elasticsearch index name (lower case, no spaces or"
                        + " \\/*?\"<>|,#:)");
            }
        }

        Retry retry = new Retry(read.integer("argus.retry.max-redeliveries", 0, 1000),
                read.positiveDuration("argus.retry.initial-delay"), read.positiveDuration("argus.retry.max-delay"));

        Api api = new Api(read.required("argus.api.host"), read.integer("argus.api.port", 1, 65535),
                read.choice("argus.api.auth", ApiAuth.class), read.optional("argus.api.username"),
                read.optional("argus.api.password"), read.optional("argus.api.token"),
                read.bool("argus.api.allow-anonymous"), read.durationOrZero("argus.api.cache-ttl"),
                read.positiveDuration("argus.api.deadline"));
        if (api.auth() == ApiAuth.NONE && !api.allowAnonymous() && !isLoopback(api.host())) {
            read.problem("argus.api.host", "is not a loopback address and argus.api.auth is none: anyone on the"
                    + " network would read the API and the images. Set argus.api.auth (basic or token), or"
                    + " argus.api.allow-anonymous=true to allow that");
        }
        api.token().filter(token -> token.length() < 16).ifPresent(
                token -> read.problem("argus.api.token", "must be at least 16 characters"));
        if (api.auth() == ApiAuth.BASIC && (api.username().isEmpty() || api.password().isEmpty())) {
            read.problem("argus.api.auth", "basic needs argus.api.username and argus.api.password");
        }
        api.password().filter(password -> password.length() < 12).ifPresent(
                password -> read.problem("argus.api.password", "must be at least 12 characters"));
        if (api.auth() == ApiAuth.TOKEN && api.token().isEmpty()) {
            read.problem("argus.api.auth", "token needs argus.api.token");
        }

        Monitor monitor = new Monitor(read.required("argus.monitor.host"),
                read.integer("argus.monitor.port", 1, 65535), read.bool("argus.monitor.jolokia"));
        if (monitor.port() == api.port()) {
            read.problem("argus.monitor.port", "must differ from argus.api.port");
        }

        Routes routes = new Routes(read.path("argus.routes.dir", dataDir.resolve("routes")),
                read.bool("argus.routes.reload"));

        Local local = new Local(
                read.path("argus.local.services-dir", defaultServicesDir()),
                read.integer("argus.local.kafka.port", 0, 65_535),
                read.bool("argus.local.kafka.sasl"),
                read.integer("argus.local.s3.port", 0, 65_535),
                read.integer("argus.local.elasticsearch.port", 0, 65_535),
                read.bool("argus.local.elasticsearch.security"),
                read.optional("argus.local.elasticsearch.java-home").map(Path::of),
                read.required("argus.local.elasticsearch.heap"),
                read.required("argus.local.elasticsearch.user"),
                read.positiveDuration("argus.local.startup-timeout"));
        if (!HEAP.matcher(local.elasticsearchHeap()).matches()) {
            read.problem("argus.local.elasticsearch.heap", "must be a JVM heap size such as 512m or 1g");
        }

        if (!read.problems().isEmpty()) {
            throw new InvalidConfigException(read.problems());
        }
        return new ArgusConfig(dataDir, inbox, ingest, s3, kafka, elasticsearch, detect, batch, index, retry, api,
                monitor, routes, local);
    }

    /** Whether the address (a name is resolved) is the machine's own loopback, 127.0.0.0/8 or ::1. */
    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static String prefix(SettingsReader read, String key) {
        String value = read.required(key);
        if (value.startsWith("/") || !value.endsWith("/")) {
            read.problem(key, "must be a relative S3 prefix ending with '/', e.g. images/");
        }
        return value;
    }

    private static void checkInboxFolders(SettingsReader read, Inbox inbox) {
        List<String> keys = List.of("argus.inbox.done-dir", "argus.inbox.rejected-dir");
        List<Path> folders = new ArrayList<>(List.of(inbox.doneDir(), inbox.rejectedDir()));
        for (int i = 0; i < folders.size(); i++) {
            Path folder = folders.get(i);
            if (folder.startsWith(inbox.dir()) || inbox.dir().startsWith(folder)) {
                read.problem(keys.get(i), "must not be inside the inbox (or contain it), or files would be taken twice");
            }
        }
    }

    /** The distribution folder's services/, as laid out by the build ({@code argus.home} is set by the launcher). */
    private static Path defaultServicesDir() {
        return defaultHome().resolve("services");
    }

    private static Path defaultHome() {
        String home = System.getProperty("argus.home");
        return Path.of(home == null ? "target/argus" : home).toAbsolutePath().normalize();
    }
}
