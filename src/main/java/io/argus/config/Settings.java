package io.argus.config;

import static io.argus.config.Importance.HIGH;
import static io.argus.config.Importance.LOW;
import static io.argus.config.Importance.MEDIUM;

import io.argus.models.ModelCatalog;
import io.argus.shared.BucketSize;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Every setting of Argus, declared once, in the manner of Kafka Connect's {@code ConfigDef}: name,
 * value type and check, default, importance and documentation. {@link ArgusConfig} reads through
 * these declarations; {@link ConfigSource} takes the defaults from them; application.properties
 * and docs/configuration.md are written from them by SettingsDocsTest, which fails when either
 * drifts. An empty default means "derived" (see the setting's documentation) or,
 * for an external endpoint, "start the local service".
 */
public final class Settings {
    private static final List<Setting<?>> ALL = new ArrayList<>();

    /** S3 bucket naming rules (the subset that applies everywhere, AWS and S3-compatible servers alike). */
    private static final ValueType<String> BUCKET = Types.TEXT.that(
            bucket -> Pattern.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket) && !bucket.contains("..")
                    && !Pattern.matches("\\d+\\.\\d+\\.\\d+\\.\\d+", bucket),
            "is not a valid S3 bucket name (3-63 characters: lower-case letters, digits, dots and hyphens, starting"
                    + " and ending with a letter or digit)");
    private static final ValueType<String> TOPIC = Types.matching(Pattern.compile("[a-zA-Z0-9._-]{1,249}"),
            "is not a valid Kafka topic name (letters, digits, '.', '_', '-')");
    private static final ValueType<String> BROKERS = Types.matching(
            Pattern.compile("[^\\s:,]+:\\d{1,5}(\\s*,\\s*[^\\s:,]+:\\d{1,5})*"),
            "must be a comma-separated list of host:port");
    private static final ValueType<String> CRON = Types.TEXT.that(org.quartz.CronExpression::isValidExpression,
            "is not a Quartz cron expression (seconds first, e.g. 0 0/10 * * * ?)");
    private static final ValueType<String> ELASTICSEARCH_INDEX = Types.TEXT.that(
            name -> name.equals(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith("_")
                    && !name.matches(".*[\\\\/*?\"<>| ,#:].*"),
            "is not a valid Elasticsearch index name (lower case, no spaces or \\/*?\"<>|,#:)");
    private static final ValueType<String> HEAP = Types.matching(Pattern.compile("\\d+[mMgG]"),
            "must be a JVM heap size such as 512m or 1g");

    public static final Setting<Path> DATA_DIR = define("argus.data-dir", Types.PATH, "data", HIGH,
            "Root of everything Argus keeps locally: inbox, done and rejected folders, local services' data, "
                    + "logs, pid files. Relative to the working directory.");

    public static final Setting<Optional<Path>> INBOX_DIR = define("argus.inbox.dir", Types.PATH.optional(), "", HIGH,
            "Folder polled for images, sub-folders included. The path below it becomes the S3 key below `images/`.",
            "`<data-dir>/inbox`");
    public static final Setting<Optional<Path>> INBOX_DONE_DIR = define("argus.inbox.done-dir",
            Types.PATH.optional(), "", MEDIUM,
            "Where ingested files are moved, sub-folders kept, when `after-ingest` is `move`. Must lie outside "
                    + "the inbox.",
            "`<data-dir>/done`");
    public static final Setting<Optional<Path>> INBOX_REJECTED_DIR = define("argus.inbox.rejected-dir",
            Types.PATH.optional(), "", MEDIUM,
            "Where files that cannot be ingested go, each next to a `<name>.reason` file. Must lie outside the inbox.",
            "`<data-dir>/rejected`");
    public static final Setting<Duration> INBOX_POLL_INTERVAL = define("argus.inbox.poll-interval",
            Types.POSITIVE_DURATION, "1s", MEDIUM,
            "How often the inbox is scanned.");
    public static final Setting<Duration> INBOX_STABLE_FOR = define("argus.inbox.stable-for",
            Types.POSITIVE_DURATION, "1s", LOW,
            "A file is taken only when it has not changed for this long, so files still being written are left alone.");
    public static final Setting<ArgusConfig.AfterIngest> INBOX_AFTER_INGEST = define("argus.inbox.after-ingest",
            Types.choice(ArgusConfig.AfterIngest.class), "move", MEDIUM,
            "What happens to an ingested file: `move` (to the done folder) or `delete`. Rejected files are always "
                    + "moved.");
    public static final Setting<Boolean> INBOX_FOLLOW_LINKS = define("argus.inbox.follow-links",
            Types.BOOLEAN, "false", MEDIUM,
            "Whether a symbolic link to a file is read. `false`: the link goes to the rejected folder, unread. "
                    + "`true`: the file it points to is read (never moved or deleted) and the link alone goes to the "
                    + "done folder or is deleted. A link to a folder is always rejected, unlisted (see "
                    + "[symbolic links](architecture.md#symbolic-links-in-the-inbox)).");
    public static final Setting<Integer> INGEST_WORKERS = define("argus.ingest.workers",
            Types.integer(1, 256), "4", MEDIUM,
            "Files ingested in parallel.");
    public static final Setting<Long> INGEST_MAX_FILE_SIZE = define("argus.ingest.max-file-size",
            Types.BYTE_SIZE, "256MB", MEDIUM,
            "Larger files are rejected.");
    public static final Setting<ZoneId> INGEST_EXIF_ZONE = define("argus.ingest.exif-zone", Types.ZONE, "UTC", MEDIUM,
            "IANA zone for EXIF capture times that carry no offset of their own.");
    public static final Setting<Duration> INGEST_VIDEO_FRAME_INTERVAL = define("argus.ingest.video-frame-interval",
            Types.POSITIVE_DURATION, "1s", MEDIUM,
            "One frame is sampled from a video per this much video time.");

    public static final Setting<Optional<URI>> S3_ENDPOINT = define("argus.s3.endpoint",
            Types.HTTP_URL.optional(), "", HIGH,
            "S3 endpoint URL, e.g. `https://s3.eu-west-1.amazonaws.com` or a MinIO URL. Empty starts the local "
                    + "s3proxy.",
            "empty (local s3proxy)");
    public static final Setting<String> S3_REGION = define("argus.s3.region", Types.TEXT, "us-east-1", MEDIUM,
            "S3 region.");
    public static final Setting<String> S3_BUCKET = define("argus.s3.bucket", BUCKET, "argus", HIGH,
            "Bucket for images and metadata; created when missing. Must be a valid S3 bucket name.");
    public static final Setting<Optional<Secret>> S3_ACCESS_KEY = secret("argus.s3.access-key",
            Types.SECRET.optional(), "", HIGH,
            "Access key for an external S3 (set it through `ARGUS_S3_ACCESS_KEY` or the config file, never in "
                    + "code). Empty: the AWS default credentials chain (profiles, instance roles).");
    public static final Setting<Optional<Secret>> S3_SECRET_KEY = secret("argus.s3.secret-key",
            Types.SECRET.optional(), "", HIGH,
            "Secret key that goes with `argus.s3.access-key` (`ARGUS_S3_SECRET_KEY`). Never logged.");
    public static final Setting<Boolean> S3_PATH_STYLE_ACCESS = define("argus.s3.path-style-access",
            Types.BOOLEAN, "true", MEDIUM,
            "Path-style bucket addressing (needed by MinIO and s3proxy).");
    public static final Setting<String> S3_IMAGES_PREFIX = define("argus.s3.images-prefix",
            Types.S3_PREFIX, "images/", LOW,
            "Prefix of the uploaded images.");
    public static final Setting<String> S3_LEDGER_PREFIX = define("argus.s3.ledger-prefix",
            Types.S3_PREFIX, "ingested/", LOW,
            "Prefix of the ingest ledger: one JSON object per image, holding the event as published.");
    public static final Setting<String> S3_METADATA_PREFIX = define("argus.s3.metadata-prefix",
            Types.S3_PREFIX, "metadata/", LOW,
            "Prefix of the detection metadata (`metadata/<path below images/>.json`).");
    public static final Setting<String> S3_ANNOTATED_PREFIX = define("argus.s3.annotated-prefix",
            Types.S3_PREFIX, "annotated/", LOW,
            "Prefix of the annotated copies: JPEGs with boxes and labels, named like the image plus `.jpg` unless "
                    + "the name already ends in `.jpg` or `.jpeg`.");
    public static final Setting<String> S3_ERRORS_PREFIX = define("argus.s3.errors-prefix",
            Types.S3_PREFIX, "errors/", LOW,
            "Prefix of the copies of the dead-letter records, `errors/<flow>/<source>.json`.");

    public static final Setting<Optional<String>> KAFKA_BOOTSTRAP_SERVERS = define("argus.kafka.bootstrap-servers",
            BROKERS.optional(), "", HIGH,
            "`host:port,…` of an external Kafka cluster. Empty starts the local broker.",
            "empty (local Kafka)");
    public static final Setting<String> KAFKA_IMAGE_TOPIC = define("argus.kafka.image-topic",
            TOPIC, "argus-image-events", MEDIUM,
            "Topic of the image events; created when missing.");
    public static final Setting<String> KAFKA_DETECTION_TOPIC = define("argus.kafka.detection-topic",
            TOPIC, "argus-detection-events", MEDIUM,
            "Topic of the detection events: image key, event time, metadata path and the count of each label.");
    public static final Setting<String> KAFKA_DEAD_LETTER_TOPIC = define("argus.kafka.dead-letter-topic",
            TOPIC, "argus-dead-letters", MEDIUM,
            "Topic of the dead-letter records (see [Dead letters](operations.md#dead-letters)), keyed by their "
                    + "source.");
    public static final Setting<String> KAFKA_DETECT_GROUP = define("argus.kafka.detect-group",
            Types.TEXT, "argus-detect", LOW,
            "Consumer group of the detect route. Runtime instances that share it share the partitions.");
    public static final Setting<String> KAFKA_DETECTIONS_INDEX_GROUP = define("argus.kafka.detections-index-group",
            Types.TEXT, "argus-detections-index", LOW,
            "Consumer group of the route that indexes detection events for `/api/detections` and the dashboard's "
                    + "gallery.");
    public static final Setting<Integer> KAFKA_TOPIC_PARTITIONS = define("argus.kafka.topic-partitions",
            Types.integer(1, 10_000), "4", MEDIUM,
            "Partitions of the topics Argus creates. Detection scales with partitions × consumers.");
    public static final Setting<Integer> KAFKA_REPLICATION_FACTOR = define("argus.kafka.replication-factor",
            Types.integer(1, 32), "1", LOW,
            "Replication factor of the topics Argus creates.");
    public static final Setting<Duration> KAFKA_SESSION_TIMEOUT = define("argus.kafka.session-timeout",
            Types.POSITIVE_DURATION, "45s", LOW,
            "How long the brokers wait for a consumer that stopped answering (a runtime killed, or cut off) before "
                    + "its partitions go to the other runtimes of its group: Kafka's `session.timeout.ms`, with a "
                    + "heartbeat every third of it (at most 3 s). Shorter fails over sooner; the brokers bound it "
                    + "(`group.min.session.timeout.ms`, 6 s by default).");
    public static final Setting<ArgusConfig.KafkaProtocol> KAFKA_SECURITY_PROTOCOL = define("argus.kafka.security-protocol",
            Types.choice(ArgusConfig.KafkaProtocol.class), "plaintext", HIGH,
            "How Argus's Kafka clients connect: `plaintext`, `ssl`, `sasl-plaintext` or `sasl-ssl`.");
    public static final Setting<ArgusConfig.SaslMechanism> KAFKA_SASL_MECHANISM = define("argus.kafka.sasl-mechanism",
            Types.choice(ArgusConfig.SaslMechanism.class), "scram-sha-512", MEDIUM,
            "SASL mechanism with `sasl-*`: `scram-sha-512`, `scram-sha-256` or `plain`.");
    public static final Setting<Optional<String>> KAFKA_USERNAME = define("argus.kafka.username",
            Types.TEXT.optional(), "", HIGH,
            "SASL user (required with `sasl-*`).");
    public static final Setting<Optional<Secret>> KAFKA_PASSWORD = secret("argus.kafka.password",
            Types.SECRET.optional(), "", HIGH,
            "SASL password (`ARGUS_KAFKA_PASSWORD` or `ARGUS_KAFKA_PASSWORD_FILE`). Never logged.");
    public static final Setting<Optional<Path>> KAFKA_CA_CERTIFICATE = define("argus.kafka.ca-certificate",
            Types.READABLE_FILE.optional(), "", HIGH,
            "PEM file of the CA that signed the brokers' certificates, with `ssl` or `sasl-ssl`. Empty: the JVM's "
                    + "trusted authorities.");

    public static final Setting<Optional<URI>> ELASTICSEARCH_URL = define("argus.elasticsearch.url",
            Types.HTTP_URL.optional(), "", HIGH,
            "URL of an external Elasticsearch. Empty starts the local one.",
            "empty (local Elasticsearch)");
    public static final Setting<Optional<String>> ELASTICSEARCH_USERNAME = define("argus.elasticsearch.username",
            Types.TEXT.optional(), "", HIGH,
            "Basic-auth user for an external Elasticsearch. Empty: no authentication.");
    public static final Setting<Optional<Secret>> ELASTICSEARCH_PASSWORD = secret("argus.elasticsearch.password",
            Types.SECRET.optional(), "", HIGH,
            "Its password (`ARGUS_ELASTICSEARCH_PASSWORD` or `ARGUS_ELASTICSEARCH_PASSWORD_FILE`). Never logged.");
    public static final Setting<Optional<Path>> ELASTICSEARCH_CA_CERTIFICATE = define("argus.elasticsearch.ca-certificate",
            Types.READABLE_FILE.optional(), "", HIGH,
            "PEM file of the CA that signed an external Elasticsearch's HTTPS certificate. Empty: the JVM's "
                    + "trusted authorities. Certificates and host names are always checked.");

    public static final Setting<Boolean> BATCH_SCHEDULED = define("argus.batch.scheduled",
            Types.BOOLEAN, "true", MEDIUM,
            "Whether the Quartz schedule runs the batch flow. Manual triggers work either way.");
    public static final Setting<String> BATCH_CRON = define("argus.batch.cron", CRON, "0 0/10 * * * ?", HIGH,
            "When the batch flow runs: a Quartz cron expression (seconds first).");
    public static final Setting<Duration> BATCH_MAX_AGE = define("argus.batch.max-age",
            Types.POSITIVE_DURATION, "1h", LOW,
            "With the schedule on, `/api/health` reports the batch flow down when its last successful run (or the "
                    + "start, before any) is older than this.");
    public static final Setting<BucketSize> BATCH_BUCKET = define("argus.batch.bucket",
            Types.choice(BucketSize.class), "hour", MEDIUM,
            "Time bucket of the counts: `minute`, `hour` or `day`, in UTC.");
    public static final Setting<Double> BATCH_MIN_CONFIDENCE = define("argus.batch.min-confidence",
            Types.FRACTION, "0", MEDIUM,
            "Detections under this confidence are not counted.");
    public static final Setting<Integer> BATCH_OBJECTS_PER_TASK = define("argus.batch.objects-per-task",
            Types.integer(1, 1_000_000), "500", LOW,
            "Metadata objects per map task.");
    public static final Setting<String> BATCH_S3_PREFIX = define("argus.batch.s3-prefix",
            Types.S3_PREFIX, "aggregates/", MEDIUM,
            "Where the batch flow keeps job output, its catalog and its run history in the bucket.");
    public static final Setting<Optional<Path>> BATCH_HADOOP_CONF_DIR = define("argus.batch.hadoop-conf-dir",
            Types.PATH.that(Files::isDirectory, "is not a folder of Hadoop *-site.xml files").optional(), "", HIGH,
            "Folder with a cluster's `*-site.xml`; the job then runs on that YARN cluster.",
            "empty (local job runner)");
    public static final Setting<Optional<Path>> BATCH_JOB_JAR = define("argus.batch.job-jar",
            Types.PATH.optional(), "", LOW,
            "The job jar submitted to YARN.",
            "`target/argus/hadoop/argus-hadoop-job.jar`");
    public static final Setting<ArgusConfig.Misfire> BATCH_MISFIRE = define("argus.batch.misfire",
            Types.choice(ArgusConfig.Misfire.class), "skip", LOW,
            "A scheduled run missed (Argus was down, or the run before outlasted the interval): `skip` waits for "
                    + "the next firing, `run-once` runs once at start, however many were missed.");

    public static final Setting<Optional<Path>> ROUTES_DIR = define("argus.routes.dir",
            Types.PATH.optional(), "", MEDIUM,
            "Folder of YAML route overrides (`*.yaml`), read at start after the classpath's `routes/`. A route or "
                    + "route configuration with a built-in id replaces it; any other is added. Created when missing. See "
                    + "\"Route overrides in YAML\".",
            "`<data-dir>/routes`");
    public static final Setting<Boolean> ROUTES_RELOAD = define("argus.routes.reload", Types.BOOLEAN, "false", MEDIUM,
            "Watch `argus.routes.dir` and apply a changed YAML file without a restart (Camel's route reload).");

    public static final Setting<String> API_HOST = define("argus.api.host", Types.TEXT, "127.0.0.1", HIGH,
            "Address the HTTP server (API and dashboard) listens on. Any other than a loopback address (`localhost`, "
                    + "`127.x.x.x` or `::1`; other names count as not loopback, unresolved) needs `argus.api.auth`, or "
                    + "`argus.api.allow-anonymous=true`; else Argus refuses to start.");
    public static final Setting<Integer> API_PORT = define("argus.api.port", Types.integer(1, 65535), "5001", HIGH,
            "Port of the HTTP server, as the original dashboard's.");
    public static final Setting<ArgusConfig.ApiAuth> API_AUTH = define("argus.api.auth",
            Types.choice(ArgusConfig.ApiAuth.class), "none", HIGH,
            "Authentication for every request to the API and the dashboard: `none`, `basic` (`argus.api.username` "
                    + "and `argus.api.password`) or `token` (`argus.api.token` as a Bearer token, or as the password of "
                    + "basic auth so a browser can ask for it). The write token is accepted as a Bearer token in every "
                    + "mode.");
    public static final Setting<Optional<String>> API_USERNAME = define("argus.api.username",
            Types.TEXT.optional(), "", HIGH,
            "The user of `argus.api.auth=basic`.");
    public static final Setting<Optional<Secret>> API_PASSWORD = secret("argus.api.password",
            Types.SECRET.optional(), "", HIGH,
            "The password of `argus.api.auth=basic`, at least 12 characters (`ARGUS_API_PASSWORD` or "
                    + "`ARGUS_API_PASSWORD_FILE`). Never logged.");
    public static final Setting<Optional<Secret>> API_TOKEN = secret("argus.api.token", Types.SECRET.optional(), "", HIGH,
            "Bearer token for write operations (the manual batch trigger), at least 16 characters. Empty disables "
                    + "them. Set it from the environment (`ARGUS_API_TOKEN`) or the config file.");
    public static final Setting<Boolean> API_ALLOW_ANONYMOUS = define("argus.api.allow-anonymous",
            Types.BOOLEAN, "false", MEDIUM,
            "Lets the API and the dashboard, images included, answer anyone on the network when `argus.api.host` "
                    + "is not a loopback address and `argus.api.auth` is `none`.");
    public static final Setting<Duration> API_CACHE_TTL = define("argus.api.cache-ttl",
            Types.DURATION_OR_ZERO, "1s", LOW,
            "How long the dashboard API reuses the answer to the same counts search, and where the last batch run's "
                    + "counts end: many open dashboards ask the same questions, and live counts change seconds after "
                    + "detection, so the answer may lag by this much. `0` turns it off.");
    public static final Setting<Duration> API_DEADLINE = define("argus.api.deadline",
            Types.POSITIVE_DURATION, "3s", LOW,
            "The longest any call to S3, Kafka or Elasticsearch made for an HTTP request or a health check may "
                    + "take; past it the request answers 503 and the check DOWN.");
    public static final Setting<String> MONITOR_HOST = define("argus.monitor.host", Types.TEXT, "127.0.0.1", LOW,
            "Address of the monitoring server (metrics, health, Jolokia). Loopback by default: Jolokia can call "
                    + "JMX operations.");
    public static final Setting<Integer> MONITOR_PORT = define("argus.monitor.port",
            Types.integer(1, 65535), "9876", LOW,
            "Port of the monitoring server: `/observe/metrics` (Prometheus), `/observe/health`, `/observe/jolokia`.");
    public static final Setting<Boolean> MONITOR_JOLOKIA = define("argus.monitor.jolokia", Types.BOOLEAN, "true", LOW,
            "Serve Jolokia at `/observe/jolokia`, for Hawtio and other JMX-over-HTTP tools.");

    public static final Setting<String> INDEX_NAME = define("argus.index.name",
            ELASTICSEARCH_INDEX, "hadoop-object-counts-v1", MEDIUM,
            "The counts index; created with its mapping when missing.");
    public static final Setting<String> INDEX_DETECTIONS_NAME = define("argus.index.detections-name",
            ELASTICSEARCH_INDEX, "argus-detections-v1", MEDIUM,
            "The per-image detections index (one document per image, id = image key), fed from the detection "
                    + "events; created when missing.");
    public static final Setting<String> INDEX_LIVE_NAME = define("argus.index.live-name",
            ELASTICSEARCH_INDEX, "argus-live-counts-v1", MEDIUM,
            "The live counts index (the speed layer): per image and label, the count the batch job will find, "
                    + "written seconds after detection from the detection events (ids from image key and label, so "
                    + "a reprocessed image overwrites its own). The API adds it to the batch counts for the buckets "
                    + "no batch run has confirmed yet; created when missing.");
    public static final Setting<String> INDEX_LOCKS_NAME = define("argus.index.locks-name",
            ELASTICSEARCH_INDEX, "argus-locks-v1", LOW,
            "The index of the batch flow's lease: one document per bucket and `argus.batch.s3-prefix`, which a "
                    + "runtime holds while its run goes, so that runtimes sharing the metadata never run the batch "
                    + "at once; created when missing.");
    public static final Setting<Integer> INDEX_BATCH_SIZE = define("argus.index.batch-size",
            Types.integer(1, 100_000), "1000", LOW,
            "Documents per bulk request at most.");
    public static final Setting<Long> INDEX_BATCH_BYTES = define("argus.index.batch-bytes", Types.BYTE_SIZE, "5MB", LOW,
            "Bytes per bulk request at most.");
    public static final Setting<Integer> INDEX_MAX_ATTEMPTS = define("argus.index.max-attempts",
            Types.integer(1, 1000), "12", LOW,
            "Attempts of a batch run's index step (bulk writes, stale removal, the check), by Camel redelivery, "
                    + "before the run fails. The index step is idempotent: documents have deterministic ids.");
    public static final Setting<Duration> INDEX_RETRY_INITIAL_DELAY = define("argus.index.retry-initial-delay",
            Types.POSITIVE_DURATION, "500ms", LOW,
            "First wait between attempts; it doubles each time.");
    public static final Setting<Duration> INDEX_RETRY_MAX_DELAY = define("argus.index.retry-max-delay",
            Types.POSITIVE_DURATION, "10s", LOW,
            "Longest wait between attempts. With the defaults, about 90 s in all.");

    public static final Setting<Integer> RETRY_MAX_REDELIVERIES = define("argus.retry.max-redeliveries",
            Types.integer(0, 1000), "3", LOW,
            "Camel redelivery of the flows (ingest, detect, the detections index, the dead-letter channel): how "
                    + "often a passing failure of S3, Kafka or Elasticsearch is tried again. After that a Kafka record is "
                    + "consumed again and an inbox file stays for the next poll; nothing is lost.");
    public static final Setting<Duration> RETRY_INITIAL_DELAY = define("argus.retry.initial-delay",
            Types.POSITIVE_DURATION, "500ms", LOW,
            "First wait before a redelivery; it doubles each time.");
    public static final Setting<Duration> RETRY_MAX_DELAY = define("argus.retry.max-delay",
            Types.POSITIVE_DURATION, "10s", LOW,
            "Longest wait between redeliveries.");

    public static final Setting<String> DETECT_DETECTOR = define("argus.detect.detector",
            DetectorSpecs.CHOICE, DetectorSpecs.AUTO, HIGH,
            "Which detector runs: `auto` (`" + ModelCatalog.CENTERNET.detector() + "` when its model is installed, else `"
                    + DetectorSpecs.FALLBACK + "`, and the banner says why) or one of the detectors on the classpath: "
                    + DetectorSpecs.names() + ". See [docs/detectors.md](detectors.md).");
    public static final Setting<Integer> DETECT_WORKERS = define("argus.detect.workers",
            Types.integer(0, 256), "0", MEDIUM,
            "Detection workers: how many images are detected at once, each by a detector of its own on its worker's "
                    + "thread, with cores ÷ workers threads per image (at least one). See "
                    + "[docs/detectors.md](detectors.md#workers-and-threads).",
            "`0` (one per core)");
    public static final Setting<Integer> DETECT_IN_FLIGHT = define("argus.detect.in-flight",
            Types.integer(0, 512), "0", MEDIUM,
            "Images processed at once (Kafka consumers of the image topic). Images beyond the workers overlap "
                    + "their S3 and Kafka I/O with detection. Consumers beyond the topic's partitions stay idle.",
            "`0` (twice the workers)");
    public static final Setting<Optional<Double>> DETECT_CONFIDENCE_THRESHOLD = define("argus.detect.confidence-threshold",
            Types.FRACTION.optional(), "", MEDIUM,
            "Detections below this confidence are dropped.",
            "empty (the detector's own: " + DetectorSpecs.each(DetectorSpec::usualThreshold) + ")");
    public static final Setting<Map<String, Double>> DETECT_LABEL_CONFIDENCE = define("argus.detect.label-confidence",
            Types.FRACTIONS, "", MEDIUM,
            "Minimum confidences of some labels, overriding the threshold above for them, e.g. `person=0.6,car=0.25`.");
    public static final Setting<List<String>> DETECT_LABELS = define("argus.detect.labels", Types.LIST, "", MEDIUM,
            "Keep only detections of these labels, e.g. `person,car,truck,bus,bicycle,motorbike`.",
            "empty (all)");
    public static final Setting<Double> DETECT_NMS_THRESHOLD = define("argus.detect.nms-threshold",
            Types.FRACTION, "0.4", MEDIUM,
            "Overlap (IoU) above which YOLO's non-maximum suppression keeps only the best box of a class.");
    public static final Setting<Integer> DETECT_INPUT_WIDTH = define("argus.detect.input-width",
            Types.integer(0, 4096), "0", MEDIUM,
            "Network input width; 0 means the usual size of the detector's models: "
                    + DetectorSpecs.each(DetectorSpec::usualInputSize) + ".");
    public static final Setting<Integer> DETECT_INPUT_HEIGHT = define("argus.detect.input-height",
            Types.integer(0, 4096), "0", MEDIUM,
            "Network input height; 0 means the usual size, as for the width.");
    public static final Setting<Long> DETECT_MAX_IMAGE_BYTES = define("argus.detect.max-image-bytes",
            Types.BYTE_SIZE, "64MB", LOW,
            "Larger images are dead-lettered without being read into memory.");
    public static final Setting<Long> DETECT_MAX_IMAGE_PIXELS = define("argus.detect.max-image-pixels",
            Types.POSITIVE_LONG, "50000000", LOW,
            "Images whose header (or decoded size) has more pixels are dead-lettered.");
    public static final Setting<Boolean> DETECT_ANNOTATE = define("argus.detect.annotate",
            Types.BOOLEAN, "true", MEDIUM,
            "Store a copy of each image with something detected, with its boxes drawn, under `annotated/`.");
    public static final Setting<Duration> DETECT_STUCK_AFTER = define("argus.detect.stuck-after",
            Types.POSITIVE_DURATION, "1m", LOW,
            "The health check reports the detector stuck (down) when image events wait and none was detected for "
                    + "this long.");
    public static final Setting<Integer> DETECT_MAX_POLL_RECORDS = define("argus.detect.max-poll-records",
            Types.integer(1, 10_000), "10", LOW,
            "Image events one detection consumer fetches at a time; each waits its turn, so keep it small when "
                    + "detection is slow (Kafka's `max.poll.interval.ms` is 5 minutes).");

    public static final Setting<Optional<Path>> MODELS_DIR = define("argus.models.dir",
            Types.PATH.optional(), "", MEDIUM,
            "Where `argus models pull` installs models and the detectors find them.",
            "`<data-dir>/models`");

    public static final Setting<Optional<Path>> LOCAL_SERVICES_DIR = define("argus.local.services-dir",
            Types.PATH.optional(), "", LOW,
            "Where the build put the local servers (`target/argus/services`).",
            "`<argus.home>/services`");
    public static final Setting<Integer> LOCAL_KAFKA_PORT = define("argus.local.kafka.port",
            Types.integer(0, 65_535), "9092", LOW,
            "Port of the local Kafka broker; `0` picks a free one.");
    public static final Setting<Boolean> LOCAL_KAFKA_SASL = define("argus.local.kafka.sasl",
            Types.BOOLEAN, "false", LOW,
            "Run the local broker with SASL/SCRAM-SHA-512 only, for a user `argus` whose password is generated "
                    + "into `<data-dir>/services/kafka-credentials.properties`. The broker's data must have been created "
                    + "with it (a new data directory).");
    public static final Setting<Integer> LOCAL_S3_PORT = define("argus.local.s3.port",
            Types.integer(0, 65_535), "9000", LOW,
            "Port of the local s3proxy; `0` picks a free one.");
    public static final Setting<Integer> LOCAL_ELASTICSEARCH_PORT = define("argus.local.elasticsearch.port",
            Types.integer(0, 65_535), "9200", LOW,
            "HTTP port of the local Elasticsearch; `0` picks a free one.");
    public static final Setting<Boolean> LOCAL_ELASTICSEARCH_SECURITY = define("argus.local.elasticsearch.security",
            Types.BOOLEAN, "true", LOW,
            "Run the local Elasticsearch with security: HTTPS only (a CA and certificate made by "
                    + "`elasticsearch-certutil` on first start) and basic auth for a user `argus` whose password is "
                    + "generated into `<data-dir>/services/elasticsearch-credentials.properties`.");
    public static final Setting<Optional<Path>> LOCAL_ELASTICSEARCH_JAVA_HOME = define("argus.local.elasticsearch.java-home",
            Types.PATH.optional(), "", LOW,
            "A Java 21+ home for the local Elasticsearch. Empty searches `ES_JAVA_HOME`, `JAVA_HOME`, this JVM "
                    + "and `/usr/lib/jvm/*`.",
            "empty (search)");
    public static final Setting<String> LOCAL_ELASTICSEARCH_HEAP = define("argus.local.elasticsearch.heap",
            HEAP, "512m", LOW,
            "Heap of the local Elasticsearch.");
    public static final Setting<String> LOCAL_ELASTICSEARCH_USER = define("argus.local.elasticsearch.user",
            Types.TEXT, "nobody", LOW,
            "Unprivileged user that runs the local Elasticsearch when Argus runs as root.");
    public static final Setting<Duration> LOCAL_STARTUP_TIMEOUT = define("argus.local.startup-timeout",
            Types.POSITIVE_DURATION, "120s", LOW,
            "How long a local service may take to become ready.");

    private Settings() {
    }

    /** Every setting, in the order of the docs: the detectors' own ({@link DetectorSpec#settings}) after the detection ones. */
    public static List<Setting<?>> all() {
        List<Setting<?>> all = new ArrayList<>(ALL);
        all.addAll(all.indexOf(DETECT_MAX_POLL_RECORDS) + 1, DetectorSpecs.settings());
        return Collections.unmodifiableList(all);
    }

    public static Optional<Setting<?>> named(String name) {
        return all().stream().filter(setting -> setting.name().equals(name)).findFirst();
    }

    /** The defaults, as Properties: the bottom layer of {@link ConfigSource}. */
    public static Properties defaults() {
        Properties defaults = new Properties();
        all().forEach(setting -> defaults.setProperty(setting.name(), setting.defaultValue()));
        return defaults;
    }

    private static <T> Setting<T> define(String name, ValueType<T> type, String defaultValue, Importance importance,
                                         String documentation) {
        return add(Setting.of(name, type, defaultValue, importance, documentation));
    }

    /** A setting whose empty default stands for something derived, shown in the docs as {@code shownDefault}. */
    private static <T> Setting<T> define(String name, ValueType<T> type, String defaultValue, Importance importance,
                                         String documentation, String shownDefault) {
        return add(new Setting<>(name, type, defaultValue, importance, documentation, Optional.of(shownDefault), false));
    }

    /** A credential: never printed, logged or echoed in an error. */
    private static <T> Setting<T> secret(String name, ValueType<T> type, String defaultValue, Importance importance,
                                         String documentation) {
        return add(new Setting<>(name, type, defaultValue, importance, documentation, Optional.empty(), true));
    }

    private static <T> Setting<T> add(Setting<T> setting) {
        ALL.add(setting);
        return setting;
    }
}
