package io.argus.config;

import static io.argus.config.Settings.*;

import io.argus.models.ModelCatalog;
import io.argus.models.ModelStore;
import io.argus.shared.BucketSize;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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
                        AfterIngest afterIngest, boolean followLinks) {
        static Inbox from(SettingsReader read, Path dataDir) {
            Inbox inbox = new Inbox(
                    absolute(read.get(INBOX_DIR), dataDir.resolve("inbox")),
                    absolute(read.get(INBOX_DONE_DIR), dataDir.resolve("done")),
                    absolute(read.get(INBOX_REJECTED_DIR), dataDir.resolve("rejected")),
                    read.get(INBOX_POLL_INTERVAL),
                    read.get(INBOX_STABLE_FOR),
                    read.get(INBOX_AFTER_INGEST),
                    read.get(INBOX_FOLLOW_LINKS));
            Map<Setting<?>, Path> folders = new LinkedHashMap<>();
            folders.put(INBOX_DONE_DIR, inbox.doneDir());
            folders.put(INBOX_REJECTED_DIR, inbox.rejectedDir());
            folders.forEach((setting, folder) -> {
                if (folder.startsWith(inbox.dir()) || inbox.dir().startsWith(folder)) {
                    read.problem(setting, "must not be inside the inbox (or contain it), or files would be taken twice");
                }
            });
            return inbox;
        }
    }

    public record Ingest(int workers, long maxFileSize, ZoneId exifZone, Duration videoFrameInterval) {
        static Ingest from(SettingsReader read) {
            return new Ingest(read.get(INGEST_WORKERS), read.get(INGEST_MAX_FILE_SIZE), read.get(INGEST_EXIF_ZONE),
                    read.get(INGEST_VIDEO_FRAME_INTERVAL));
        }
    }

    public record S3(Optional<URI> endpoint, String region, String bucket, Optional<Secret> accessKey,
                     Optional<Secret> secretKey, boolean pathStyleAccess, String imagesPrefix, String ledgerPrefix,
                     String metadataPrefix, String annotatedPrefix, String errorsPrefix) {
        static S3 from(SettingsReader read) {
            S3 s3 = new S3(
                    read.get(S3_ENDPOINT),
                    read.get(S3_REGION),
                    read.get(S3_BUCKET),
                    read.get(S3_ACCESS_KEY),
                    read.get(S3_SECRET_KEY),
                    read.get(S3_PATH_STYLE_ACCESS),
                    read.get(S3_IMAGES_PREFIX),
                    read.get(S3_LEDGER_PREFIX),
                    read.get(S3_METADATA_PREFIX),
                    read.get(S3_ANNOTATED_PREFIX),
                    read.get(S3_ERRORS_PREFIX));
            if (s3.accessKey().isPresent() != s3.secretKey().isPresent()) {
                read.problem(S3_ACCESS_KEY, "argus.s3.access-key and argus.s3.secret-key must be set together");
            }
            if (Stream.of(s3.imagesPrefix(), s3.ledgerPrefix(), s3.metadataPrefix(), s3.annotatedPrefix(),
                    s3.errorsPrefix()).distinct().count() < 5) {
                read.problem(S3_IMAGES_PREFIX, "the S3 prefixes (images, ledger, metadata, annotated, errors)"
                        + " must all differ");
            }
            return s3;
        }
    }

    public record Kafka(Optional<String> bootstrapServers, String imageTopic, String detectionTopic,
                        String deadLetterTopic, String detectGroup, String detectionsIndexGroup, int topicPartitions,
                        short replicationFactor, Duration sessionTimeout, KafkaSecurity security) {
        static Kafka from(SettingsReader read) {
            return new Kafka(
                    read.get(KAFKA_BOOTSTRAP_SERVERS),
                    read.get(KAFKA_IMAGE_TOPIC),
                    read.get(KAFKA_DETECTION_TOPIC),
                    read.get(KAFKA_DEAD_LETTER_TOPIC),
                    read.get(KAFKA_DETECT_GROUP),
                    read.get(KAFKA_DETECTIONS_INDEX_GROUP),
                    read.get(KAFKA_TOPIC_PARTITIONS),
                    read.get(KAFKA_REPLICATION_FACTOR).shortValue(),
                    read.get(KAFKA_SESSION_TIMEOUT),
                    KafkaSecurity.from(read));
        }
    }

    public enum KafkaProtocol { PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL }

    public enum SaslMechanism { SCRAM_SHA_512, SCRAM_SHA_256, PLAIN }

    /**
     * How Argus's Kafka clients authenticate and encrypt: SASL (SCRAM or PLAIN) with a user and
     * password, TLS verified against {@code caCertificate} (PEM) or the JVM's trusted authorities.
     */
    public record KafkaSecurity(KafkaProtocol protocol, SaslMechanism mechanism, Optional<String> username,
                                Optional<Secret> password, Optional<Path> caCertificate) {
        public static final KafkaSecurity NONE = new KafkaSecurity(KafkaProtocol.PLAINTEXT,
                SaslMechanism.SCRAM_SHA_512, Optional.empty(), Optional.empty(), Optional.empty());

        static KafkaSecurity from(SettingsReader read) {
            KafkaSecurity security = new KafkaSecurity(read.get(KAFKA_SECURITY_PROTOCOL), read.get(KAFKA_SASL_MECHANISM),
                    read.get(KAFKA_USERNAME), read.get(KAFKA_PASSWORD), read.get(KAFKA_CA_CERTIFICATE));
            if (security.sasl() && (security.username().isEmpty() || security.password().isEmpty())) {
                read.problem(KAFKA_USERNAME, "argus.kafka.username and argus.kafka.password must be set for "
                        + read.text(KAFKA_SECURITY_PROTOCOL));
            }
            if (security.caCertificate().isPresent() && !security.tls()) {
                read.problem(KAFKA_CA_CERTIFICATE, "is used only with argus.kafka.security-protocol ssl or sasl-ssl");
            }
            return security;
        }

        public boolean sasl() {
            return protocol == KafkaProtocol.SASL_PLAINTEXT || protocol == KafkaProtocol.SASL_SSL;
        }

        public boolean tls() {
            return protocol == KafkaProtocol.SSL || protocol == KafkaProtocol.SASL_SSL;
        }
    }

    /**
     * The detection flow; {@code workers} (detectors) and {@code inFlight} (images at once, Kafka
     * consumers) are already resolved: 0 in the properties means one per core and twice the workers.
     * {@code detector} is resolved too: {@code auto} became the default model's detector, or the
     * built-in one with the reason in {@code fallback}. {@code labels} keeps only those classes (all
     * when empty); {@code labelConfidence} gives some labels a minimum confidence of their own.
     * {@code detectorSettings} holds the values of the detectors' own settings ({@link DetectorSpec#settings}) by name.
     */
    public record Detect(String detector, Optional<String> fallback, int workers, int inFlight,
                         double confidenceThreshold, Map<String, Double> labelConfidence, Set<String> labels,
                         double nmsThreshold, int inputWidth, int inputHeight, long maxImageBytes, long maxImagePixels,
                         boolean annotate, Duration stuckAfter, Path modelsDir, Map<String, Object> detectorSettings,
                         int maxPollRecords) {

        static Detect from(SettingsReader read, Path dataDir) {
            int workers = read.get(DETECT_WORKERS);
            int resolvedWorkers = workers == 0 ? Runtime.getRuntime().availableProcessors() : workers;
            int inFlight = read.get(DETECT_IN_FLIGHT);
            Path modelsDir = absolute(read.get(MODELS_DIR), dataDir.resolve("models"));
            ModelStore store = new ModelStore(modelsDir);
            String configured = read.get(DETECT_DETECTOR);
            String detector = configured;
            Optional<String> fallback = Optional.empty();
            if (configured.equals(DetectorSpecs.AUTO)) {
                fallback = store.problem(ModelCatalog.CENTERNET, store.presence(ModelCatalog.CENTERNET));
                detector = fallback.isEmpty() ? ModelCatalog.CENTERNET.detector() : DetectorSpecs.FALLBACK;
            } else {
                DetectorSpecs.named(configured).installedModel()
                        .flatMap(model -> store.problem(model, store.presence(model)))
                        .ifPresent(problem -> read.problem(DETECT_DETECTOR, problem));
            }
            DetectorSpec spec = DetectorSpecs.named(detector);
            int inputWidth = read.get(DETECT_INPUT_WIDTH);
            int inputHeight = read.get(DETECT_INPUT_HEIGHT);
            Map<String, Object> detectorSettings = new LinkedHashMap<>();
            Detect detect = new Detect(
                    detector,
                    fallback,
                    resolvedWorkers,
                    inFlight == 0 ? 2 * resolvedWorkers : inFlight,
                    read.get(DETECT_CONFIDENCE_THRESHOLD).orElse(spec.usualThreshold()),
                    read.get(DETECT_LABEL_CONFIDENCE),
                    new LinkedHashSet<>(read.get(DETECT_LABELS)),
                    read.get(DETECT_NMS_THRESHOLD),
                    inputWidth == 0 ? spec.usualInputSize() : inputWidth,
                    inputHeight == 0 ? spec.usualInputSize() : inputHeight,
                    read.get(DETECT_MAX_IMAGE_BYTES),
                    read.get(DETECT_MAX_IMAGE_PIXELS),
                    read.get(DETECT_ANNOTATE),
                    read.get(DETECT_STUCK_AFTER),
                    modelsDir,
                    Collections.unmodifiableMap(detectorSettings),
                    read.get(DETECT_MAX_POLL_RECORDS));
            DetectorSpecs.settings().forEach(setting -> detectorSettings.put(setting.name(), read.get(setting)));
            for (Setting<Optional<Path>> file : spec.modelFiles()) {
                if (read.text(file).isEmpty()) {
                    read.problem(file, "must name a file when argus.detect.detector is " + read.text(DETECT_DETECTOR));
                }
            }
            return detect;
        }

        /** The detector that runs, as the configuration knows it. */
        public DetectorSpec spec() {
            return DetectorSpecs.named(detector);
        }

        /** The value of one of the detectors' own settings. */
        @SuppressWarnings("unchecked")
        public <T> T setting(Setting<T> setting) {
            if (!detectorSettings.containsKey(setting.name())) {
                throw new IllegalArgumentException(setting.name() + " is no detector's own setting");
            }
            return (T) detectorSettings.get(setting.name());
        }

        /**
         * Checks the installed model the detector runs, each file against its SHA-256: reading the
         * model is I/O, so it is done when the detectors start and by {@code argus config}, never when parsing.
         */
        public void verifyModel() {
            ModelStore store = new ModelStore(modelsDir);
            spec().installedModel().flatMap(model -> store.problem(model, store.status(model))).ifPresent(problem -> {
                throw new InvalidConfigException(DETECT_DETECTOR.name() + ": " + problem);
            });
        }

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
    public record Elasticsearch(Optional<URI> url, Optional<String> username, Optional<Secret> password,
                                Optional<Path> caCertificate) {
        static Elasticsearch from(SettingsReader read) {
            Elasticsearch elasticsearch = new Elasticsearch(read.get(ELASTICSEARCH_URL), read.get(ELASTICSEARCH_USERNAME),
                    read.get(ELASTICSEARCH_PASSWORD), read.get(ELASTICSEARCH_CA_CERTIFICATE));
            if (elasticsearch.username().isPresent() != elasticsearch.password().isPresent()) {
                read.problem(ELASTICSEARCH_USERNAME,
                        "argus.elasticsearch.username and argus.elasticsearch.password must be set together");
            }
            return elasticsearch;
        }
    }

    /**
     * The batch flow: when it runs, what the MapReduce job counts and where it keeps its output;
     * {@code hadoopConfDir} empty means Hadoop's local job runner in this process.
     */
    public record Batch(boolean scheduled, String cron, Duration maxAge, BucketSize bucket, double minConfidence,
                        int objectsPerTask, String s3Prefix, Optional<Path> hadoopConfDir, Path jobJar,
                        Misfire misfire) {
        static Batch from(SettingsReader read) {
            return new Batch(
                    read.get(BATCH_SCHEDULED),
                    read.get(BATCH_CRON),
                    read.get(BATCH_MAX_AGE),
                    read.get(BATCH_BUCKET),
                    read.get(BATCH_MIN_CONFIDENCE),
                    read.get(BATCH_OBJECTS_PER_TASK),
                    read.get(BATCH_S3_PREFIX),
                    read.get(BATCH_HADOOP_CONF_DIR),
                    absolute(read.get(BATCH_JOB_JAR), defaultHome().resolve("hadoop/argus-hadoop-job.jar")),
                    read.get(BATCH_MISFIRE));
        }
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
        static Retry from(SettingsReader read) {
            return new Retry(read.get(RETRY_MAX_REDELIVERIES), read.get(RETRY_INITIAL_DELAY), read.get(RETRY_MAX_DELAY));
        }
    }

    /** YAML route overrides: the external folder (after classpath routes/) and whether changes reload live. */
    public record Routes(Path dir, boolean reload) {
        static Routes from(SettingsReader read, Path dataDir) {
            return new Routes(absolute(read.get(ROUTES_DIR), dataDir.resolve("routes")), read.get(ROUTES_RELOAD));
        }
    }

    /** The monitoring HTTP server: Prometheus metrics, health and (optionally) Jolokia. */
    public record Monitor(String host, int port, boolean jolokia) {
        static Monitor from(SettingsReader read) {
            return new Monitor(read.get(MONITOR_HOST), read.get(MONITOR_PORT), read.get(MONITOR_JOLOKIA));
        }
    }

    public enum ApiAuth { NONE, BASIC, TOKEN }

    /**
     * The HTTP server of the API and the dashboard. {@code auth} guards every request: BASIC with
     * {@code username}/{@code password}, TOKEN with {@code token} (as a Bearer token or a basic-auth
     * password); {@code token} always guards write operations.
     */
    public record Api(String host, int port, ApiAuth auth, Optional<String> username, Optional<Secret> password,
                      Optional<Secret> token, boolean allowAnonymous, Duration cacheTtl, Duration deadline) {
        private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");

        static Api from(SettingsReader read) {
            Api api = new Api(read.get(API_HOST), read.get(API_PORT), read.get(API_AUTH), read.get(API_USERNAME),
                    read.get(API_PASSWORD), read.get(API_TOKEN), read.get(API_ALLOW_ANONYMOUS), read.get(API_CACHE_TTL),
                    read.get(API_DEADLINE));
            if (api.auth() == ApiAuth.NONE && !api.allowAnonymous() && !isLoopback(api.host())) {
                read.problem(API_HOST, "is not a loopback address and argus.api.auth is none: anyone on the"
                        + " network would read the API and the images. Set argus.api.auth (basic or token), or"
                        + " argus.api.allow-anonymous=true to allow that");
            }
            api.token().filter(token -> token.value().length() < 16).ifPresent(
                    token -> read.problem(API_TOKEN, "must be at least 16 characters"));
            if (api.auth() == ApiAuth.BASIC && (api.username().isEmpty() || api.password().isEmpty())) {
                read.problem(API_AUTH, "basic needs argus.api.username and argus.api.password");
            }
            api.password().filter(password -> password.value().length() < 12).ifPresent(
                    password -> read.problem(API_PASSWORD, "must be at least 12 characters"));
            if (api.auth() == ApiAuth.TOKEN && api.token().isEmpty()) {
                read.problem(API_AUTH, "token needs argus.api.token");
            }
            return api;
        }

        /**
         * Whether the host is the machine's own loopback: {@code localhost}, 127.0.0.0/8 or ::1. Decided
         * from the text, as a name is resolved only when the server binds to it; any other name is not loopback.
         */
        static boolean isLoopback(String host) {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (bare.equalsIgnoreCase("localhost") || LOOPBACK_IPV4.matcher(bare).matches()) {
                return true;
            }
            try {
                // Text with a colon is read as an IPv6 literal, never looked up.
                return bare.contains(":") && InetAddress.getByName(bare).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    /** Bulk indexing of the job's counts into Elasticsearch. */
    public record Index(String name, String detectionsName, String liveName, String locksName, int batchSize,
                        long batchBytes,
                        int maxAttempts, Duration retryInitialDelay, Duration retryMaxDelay) {
        static Index from(SettingsReader read) {
            Index index = new Index(
                    read.get(INDEX_NAME),
                    read.get(INDEX_DETECTIONS_NAME),
                    read.get(INDEX_LIVE_NAME),
                    read.get(INDEX_LOCKS_NAME),
                    read.get(INDEX_BATCH_SIZE),
                    read.get(INDEX_BATCH_BYTES),
                    read.get(INDEX_MAX_ATTEMPTS),
                    read.get(INDEX_RETRY_INITIAL_DELAY),
                    read.get(INDEX_RETRY_MAX_DELAY));
            if (Stream.of(index.name(), index.detectionsName(), index.liveName(), index.locksName()).distinct().count() < 4) {
                read.problem(INDEX_LIVE_NAME, "the counts, detections, live counts and locks indices must all differ");
            }
            return index;
        }
    }

    /**
     * The local services; {@code elasticsearchSecurity} turns on HTTPS and basic auth with generated
     * certificates and credentials, {@code kafkaSasl} SASL/SCRAM with a generated user.
     */
    public record Local(Path servicesDir, int kafkaPort, boolean kafkaSasl, int s3Port, int elasticsearchPort,
                        boolean elasticsearchSecurity, Optional<Path> elasticsearchJavaHome, String elasticsearchHeap,
                        String elasticsearchUser, Duration startupTimeout) {
        static Local from(SettingsReader read) {
            return new Local(
                    absolute(read.get(LOCAL_SERVICES_DIR), defaultHome().resolve("services")),
                    read.get(LOCAL_KAFKA_PORT),
                    read.get(LOCAL_KAFKA_SASL),
                    read.get(LOCAL_S3_PORT),
                    read.get(LOCAL_ELASTICSEARCH_PORT),
                    read.get(LOCAL_ELASTICSEARCH_SECURITY),
                    read.get(LOCAL_ELASTICSEARCH_JAVA_HOME),
                    read.get(LOCAL_ELASTICSEARCH_HEAP),
                    read.get(LOCAL_ELASTICSEARCH_USER),
                    read.get(LOCAL_STARTUP_TIMEOUT));
        }
    }

    /**
     * Reads and checks every setting, each section its own. It hashes no model and resolves no name:
     * such checks run where they are needed ({@link Detect#verifyModel}, {@link ExternalEndpoints}).
     */
    public static ArgusConfig from(Properties properties) {
        SettingsReader read = new SettingsReader(properties);
        Path dataDir = read.get(DATA_DIR).toAbsolutePath().normalize();
        ArgusConfig config = new ArgusConfig(dataDir, Inbox.from(read, dataDir), Ingest.from(read), S3.from(read),
                Kafka.from(read), Elasticsearch.from(read), Detect.from(read, dataDir), Batch.from(read),
                Index.from(read), Retry.from(read), Api.from(read), Monitor.from(read), Routes.from(read, dataDir),
                Local.from(read));
        if (config.monitor().port() == config.api().port()) {
            read.problem(MONITOR_PORT, "must differ from argus.api.port");
        }
        if (!read.problems().isEmpty()) {
            throw new InvalidConfigException(read.problems());
        }
        return config;
    }

    /** A folder setting, or the folder it is derived from when empty; absolute. */
    private static Path absolute(Optional<Path> folder, Path whenEmpty) {
        return folder.orElse(whenEmpty).toAbsolutePath().normalize();
    }

    /** The distribution folder, as laid out by the build ({@code argus.home} is set by the launcher). */
    private static Path defaultHome() {
        String home = System.getProperty("argus.home");
        return Path.of(home == null ? "target/argus" : home).toAbsolutePath().normalize();
    }
}
