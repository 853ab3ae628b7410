package io.argus;

import io.argus.services.ElasticsearchClients;
import io.argus.services.S3Clients;
import io.argus.services.KafkaClients;
import io.argus.services.KafkaTopics;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.api.ApiAccess;
import io.argus.api.ApiRoute;
import io.argus.api.ConsumerLag;
import io.argus.api.CountsApi;
import io.argus.api.CountsQueries;
import io.argus.api.DetectionsApi;
import io.argus.api.FlowStats;
import io.argus.api.HttpErrors;
import io.argus.api.ImagesApi;
import io.argus.api.JsonResponses;
import io.argus.api.StatusApi;
import io.argus.api.WebRoute;
import io.argus.batch.AggregateRoute;
import io.argus.batch.BatchAlreadyRunningException;
import io.argus.batch.BatchControl;
import io.argus.batch.BatchHistory;
import io.argus.batch.BatchRun;
import io.argus.batch.BatchRunner;
import io.argus.config.ArgusConfig;
import io.argus.config.ExternalEndpoints;
import io.argus.detect.DetectRoute;
import io.argus.detect.DetectSteps;
import io.argus.detect.DetectorPool;
import io.argus.detect.Detectors;
import io.argus.errors.DeadLetterRoute;
import io.argus.index.CountsIndexer;
import io.argus.index.DetectionsIndex;
import io.argus.index.DetectionsIndexRoute;
import io.argus.index.IndexRoute;
import io.argus.ingest.ImageInspector;
import io.argus.ingest.ImagesControl;
import io.argus.ingest.InboxFiles;
import io.argus.ingest.IngestLedger;
import io.argus.ingest.IngestRoute;
import io.argus.ingest.IngestSteps;
import io.argus.ingest.Reprocess;
import io.argus.ingest.ReprocessRoute;
import io.argus.services.Endpoints;
import io.argus.services.Services;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.kafka.clients.admin.Admin;
import org.opencv.core.Core;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One Argus: its services (external or local), its clients, and the Camel routes. Started and
 * stopped as a whole, by the CLI or by a test.
 */
public final class ArgusRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArgusRuntime.class);

    private static final String BATCH_MBEAN = "io.argus:type=Batch";
    private static final String IMAGES_MBEAN = "io.argus:type=Images";

    private final ArgusConfig config;
    private final Services services;
    private final S3Client s3;
    private final ElasticsearchClient elasticsearch;
    private final Main camel;
    private final BatchRunner batch;
    /** What start() opened, in order; closed in reverse. */
    private final List<AutoCloseable> opened;

    private ArgusRuntime(ArgusConfig config, Services services, S3Client s3, ElasticsearchClient elasticsearch,
                         Main camel, BatchRunner batch, List<AutoCloseable> opened) {
        this.config = config;
        this.services = services;
        this.s3 = s3;
        this.elasticsearch = elasticsearch;
        this.camel = camel;
        this.batch = batch;
        this.opened = opened;
    }

    public static ArgusRuntime start(Properties effective) {
        ArgusConfig config = ArgusConfig.from(effective);
        ExternalEndpoints.verify(config);
        createFolders(config);
        List<AutoCloseable> opened = new ArrayList<>();
        Services services = Services.start(config);
        opened.add(services);
        try {
            Endpoints endpoints = services.endpoints();
            LOG.info("Services: Kafka {} ({}), S3 {}, Elasticsearch {}", endpoints.kafkaBootstrapServers(),
                    endpoints.kafkaSecurity().protocol(),
                    endpoints.s3Endpoint().map(Object::toString).orElse("(AWS default)"), endpoints.elasticsearch().url());
            S3Client s3 = S3Clients.create(config.s3(), endpoints);
            opened.add(s3);
            S3Clients.ensureBucket(s3, config.s3().bucket());
            KafkaTopics.ensure(KafkaClients.config(endpoints.kafkaBootstrapServers(), endpoints.kafkaSecurity()), List.of(config.kafka().imageTopic(),
                    config.kafka().detectionTopic(), config.kafka().deadLetterTopic()),
                    config.kafka().topicPartitions(), config.kafka().replicationFactor());
            Admin kafka = Admin.create(KafkaClients.config(endpoints.kafkaBootstrapServers(), endpoints.kafkaSecurity()));
            opened.add(() -> kafka.close(Duration.ofSeconds(5)));
            ConsumerLag detectLag = new ConsumerLag(kafka, config.kafka().imageTopic(), config.kafka().detectGroup(),
                    config.api().deadline());
            ElasticsearchClient elasticsearch = ElasticsearchClients.create(endpoints.elasticsearch());
            opened.add(() -> closeQuietly(elasticsearch));
            ObjectMapper json = new ObjectMapper();
            BatchRunner batch = BatchRunner.create(s3, config, endpoints, json, Clock.systemUTC());
            config.detect().fallback().ifPresent(why -> LOG.warn("Detector: opencv-builtin, as {}", why));
            // Made before the routes start: a detector that cannot be made (missing model files) stops start-up.
            DetectorPool detectors = new DetectorPool(Detectors.factory(config.detect()), config.detect().workers());
            opened.add(detectors);
            CountsIndexer indexer = new CountsIndexer(elasticsearch, config.index(), json);
            // What an HTTP request or a health check waits for ends by argus.api.deadline.
            S3Client s3ForRequests = S3Clients.withDeadline(config.s3(), endpoints, config.api().deadline());
            opened.add(s3ForRequests);
            ElasticsearchClient esForRequests = ElasticsearchClients.withDeadline(endpoints.elasticsearch(),
                    config.api().deadline());
            opened.add(() -> closeQuietly(esForRequests));
            RequestClients forRequests = new RequestClients(s3ForRequests, esForRequests);
            Main camel = camel(config, RouteProperties.of(effective, config, endpoints), s3, elasticsearch, kafka,
                    detectLag, json, batch, detectors, indexer, forRequests);
            opened.add(camel::stop);
            camel.start();
            exportMetrics(camel.getCamelContext(), detectLag);
            ArgusRuntime runtime = new ArgusRuntime(config, services, s3, elasticsearch, camel, batch, opened);
            registerMBean(new BatchControl(batch, runtime::runBatch, json), BATCH_MBEAN);
            registerMBean(new ImagesControl(runtime::reprocess), IMAGES_MBEAN);
            return runtime;
        } catch (RuntimeException e) {
            closeAll(opened);
            throw e;
        }
    }

    /** Routes first (in-flight exchanges finish), then the detectors and clients, then the local services. */
    private static void closeAll(List<AutoCloseable> opened) {
        RuntimeException failure = null;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping Argus failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Main camel(ArgusConfig config, Properties routeProperties, S3Client s3, ElasticsearchClient es,
                              Admin kafka, ConsumerLag detectLag, ObjectMapper json, BatchRunner batch,
                              DetectorPool detectors, CountsIndexer indexer, RequestClients forRequests) {
        ArgusConfig.S3 s3Config = config.s3();
        IngestLedger ledger = new IngestLedger(s3, json, s3Config);
        IngestSteps ingest = new IngestSteps(
                new ImageInspector(config.ingest().maxFileSize(), config.ingest().exifZone()),
                new InboxFiles(config.inbox()), json, s3Config, config.ingest().videoFrameInterval(),
                Clock.systemUTC());

        DetectSteps detect = new DetectSteps(s3, json, s3Config, config.detect(), detectors, Clock.systemUTC());
        Core.setNumThreads(Detectors.threadsPerWorker(config.detect()));

        Main main = new Main();
        main.setOverrideProperties(routeProperties);
        main.bind("s3Client", s3);
        // The flows' steps by name, for YAML routes that replace or extend a built-in one.
        main.bind("ingestSteps", ingest);
        main.bind("detectSteps", detect);
        // With the monitoring server there are two HTTP servers, and the engine cannot tell which one
        // the API's routes belong to (it would fall back to port 8080): it is told.
        int apiPort = config.api().port();
        main.bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, new VertxPlatformHttpEngine() {
            @Override
            public int getServerPort() {
                return apiPort;
            }
        });
        main.configure().withName("argus");
        main.configure().setAutoConfigurationLogSummary(false);
        main.addMainListener(new RouteOverrides(config.routes().dir()));
        main.configure().addRoutesBuilder(new ArgusRouteConfiguration(config.retry(),
                new ApiAccess(config.api(), new JsonResponses(json)), new HttpErrors(new JsonResponses(json))));
        main.configure().addRoutesBuilder(new DeadLetterRoute(json, s3Config.errorsPrefix(), Clock.systemUTC()));
        main.configure().addRoutesBuilder(new IngestRoute(ingest, ledger, config.inbox().stableFor()));
        main.configure().addRoutesBuilder(new ReprocessRoute(new Reprocess(s3, ledger, json, s3Config)));
        main.configure().addRoutesBuilder(new DetectRoute(detect));
        main.configure().addRoutesBuilder(new AggregateRoute(batch, config.batch()));
        main.configure().addRoutesBuilder(new IndexRoute(indexer, config.index(), Clock.systemUTC()));
        DetectionsIndex detections = new DetectionsIndex(es, config.index().detectionsName(), json);
        main.configure().addRoutesBuilder(new DetectionsIndexRoute(detections, json));
        FlowStats flows = new FlowStats(List.of(IngestRoute.ROUTE_ID, DetectRoute.ROUTE_ID,
                DetectionsIndexRoute.ROUTE_ID, AggregateRoute.ROUTE_ID), Clock.systemUTC());
        main.bind("flowStats", flows);
        main.configure().addRoutesBuilder(new WebRoute());
        StatusApi status = statusApi(config, forRequests, kafka, json, batch, flows, detectLag, main::getCamelContext);
        main.configure().addRoutesBuilder(api(config, forRequests, json, status, batch.history().using(forRequests.s3())));
        // Camel's health registry takes the checks it finds in its registry: /observe/health then
        // answers with those of /api/health next to Camel's own.
        status.healthChecks().forEach(check -> main.bind("argus-health-" + check.getId(), check));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                // The configuration layers environment and system properties itself (ConfigSource), once.
                PropertiesComponent properties = (PropertiesComponent) main.getCamelContext().getPropertiesComponent();
                properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
                properties.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
            }

        });
        return main;
    }

    /** The detection consumers' lag as a Prometheus gauge, read from Kafka at each scrape.
     */
    private static void exportMetrics(CamelContext camel, ConsumerLag detectLag) {
        MeterRegistry metrics = camel.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (metrics == null) {
            LOG.warn("No metrics registry: the detection consumers' lag is not exported");
            return;
        }
        Gauge.builder("argus.detect.consumer.lag", detectLag, ConsumerLag::recordsOrNaN)
                .description("Image events the detection consumers have not committed yet")
                .register(metrics);
    }

    /** The clients of the calls made for HTTP requests and health checks: each call ends by argus.api.deadline. */
    private record RequestClients(S3Client s3, ElasticsearchClient es) {
    }

    private static StatusApi statusApi(ArgusConfig config, RequestClients clients, Admin kafka,
                                       ObjectMapper json, BatchRunner batch, FlowStats flows, ConsumerLag detectLag,
                                       Supplier<CamelContext> camel) {
        Map<String, Object> detector = new LinkedHashMap<>();
        detector.put("detector", config.detect().detector().settingName());
        detector.put("workers", config.detect().workers());
        detector.put("in_flight", config.detect().inFlight());
        return new StatusApi(new StatusApi.Sources(camel, flows, kafka, detectLag, clients.s3(), clients.es(),
                batch.history().using(clients.s3()), config.s3().bucket(), detector, config.detect().stuckAfter(),
                new StatusApi.BatchSchedule(config.batch().scheduled(), config.batch().maxAge(), Instant.now()),
                config.api().deadline(), Clock.systemUTC()),
                new JsonResponses(json));
    }

    private static ApiRoute api(ArgusConfig config, RequestClients clients, ObjectMapper json, StatusApi status,
                                BatchHistory history) {
        S3Client s3 = clients.s3();
        ElasticsearchClient es = clients.es();
        JsonResponses responses = new JsonResponses(json);
        ArgusConfig.S3 storage = config.s3();
        return new ApiRoute(
                new CountsApi(new CountsQueries(es, config.index().name(), config.api().cacheTtl()), responses,
                        config.batch().bucket(), Clock.systemUTC()),
                new DetectionsApi(new DetectionsIndex(es, config.index().detectionsName(), json), responses,
                        storage.bucket(), Clock.systemUTC()),
                new ImagesApi(s3, storage.bucket(), List.of(storage.imagesPrefix(), storage.annotatedPrefix()), responses),
                status,
                history,
                responses);
    }

    private static void createFolders(ArgusConfig config) {
        for (Path folder : List.of(config.dataDir(), config.inbox().dir(), config.inbox().doneDir(),
                config.inbox().rejectedDir(), config.routes().dir())) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + folder, e);
            }
        }
    }

    public ArgusConfig config() {
        return config;
    }

    /** The services this runtime started itself (kafka, s3proxy, elasticsearch), none when all are external. */
    public List<String> localServiceNames() {
        return services.localServiceNames();
    }

    public Endpoints endpoints() {
        return services.endpoints();
    }

    public S3Client s3() {
        return s3;
    }

    public CamelContext camelContext() {
        return camel.getCamelContext();
    }

    public ElasticsearchClient elasticsearch() {
        return elasticsearch;
    }

    public BatchHistory batchHistory() {
        return batch.history();
    }

    /**
     * Runs the batch flow now through the {@code aggregate} route and returns the run.
     *
     * @throws BatchAlreadyRunningException when a run is going
     */
    public BatchRun runBatch(String trigger) {
        return runBatch(camel.getCamelContext(), trigger);
    }

    /** Publishes the image events of stored images again, through the {@code reprocess} route; answers how many. */
    public int reprocess(Reprocess.Request request) {
        return camel.getCamelContext().createFluentProducerTemplate().to("direct:" + ReprocessRoute.ROUTE_ID)
                .withBody(request).request(Integer.class);
    }

    private static BatchRun runBatch(CamelContext context, String trigger) {
        try {
            return context.createFluentProducerTemplate().to("direct:aggregate")
                    .withHeader(AggregateRoute.TRIGGER, trigger).request(BatchRun.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static void registerMBean(Object bean, String objectName) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(objectName);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + objectName, e);
        }
    }

    private static void unregisterMBeans() {
        for (String objectName : List.of(BATCH_MBEAN, IMAGES_MBEAN)) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(new ObjectName(objectName));
            } catch (JMException e) {
                LOG.debug("{} was not registered", objectName);
            }
        }
    }

    private static void closeQuietly(ElasticsearchClient client) {
        try {
            client._transport().close();
        } catch (IOException e) {
            LOG.debug("Closing the Elasticsearch client: {}", e.toString());
        }
    }

    @Override
    public void close() {
        LOG.info("Stopping Argus");
        unregisterMBeans();
        closeAll(opened);
    }
}
