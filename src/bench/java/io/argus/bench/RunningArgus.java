package io.argus.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.runtime.ArgusRuntime;
import io.argus.batch.BatchFeature;
import io.argus.batch.BatchHistory;
import io.argus.batch.BatchRun;
import io.argus.config.ArgusConfig;
import io.argus.ingest.Reprocess;
import io.argus.ingest.ReprocessRoute;
import io.argus.services.ElasticsearchClients;
import io.argus.services.Endpoints;
import io.argus.services.S3Clients;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A started Argus as a benchmark or a test drives it: the runtime, plus clients of its own to the same
 * services to look at what it did, and its flows' entry points (a batch run, reprocessing) called
 * through Camel as the API and JMX call them. Closing it closes the clients, then the runtime.
 */
public final class RunningArgus implements AutoCloseable {
    private final ArgusRuntime runtime;
    private final S3Client s3;
    private final ElasticsearchClient elasticsearch;

    private RunningArgus(ArgusRuntime runtime) {
        this.runtime = runtime;
        this.s3 = S3Clients.create(runtime.config().s3(), runtime.endpoints());
        this.elasticsearch = ElasticsearchClients.create(runtime.endpoints().elasticsearch());
    }

    public static RunningArgus start(Properties settings) {
        return new RunningArgus(ArgusRuntime.start(settings));
    }

    public ArgusConfig config() {
        return runtime.config();
    }

    public Endpoints endpoints() {
        return runtime.endpoints();
    }

    public List<String> localServiceNames() {
        return runtime.localServiceNames();
    }

    public CamelContext camelContext() {
        return runtime.camelContext();
    }

    public S3Client s3() {
        return s3;
    }

    public ElasticsearchClient elasticsearch() {
        return elasticsearch;
    }

    public BatchHistory batchHistory() {
        return BatchHistory.of(s3, new ObjectMapper(), config());
    }

    /** A batch run now, through the aggregate route; {@code BatchAlreadyRunningException} when one is going. */
    public BatchRun runBatch(String trigger) {
        return BatchFeature.run(camelContext(), trigger);
    }

    /** Publishes the image events of stored images again, through the reprocess route; answers how many. */
    public int reprocess(Reprocess.Request request) {
        return camelContext().createFluentProducerTemplate().to("direct:" + ReprocessRoute.ROUTE_ID)
                .withBody(request).request(Integer.class);
    }

    @Override
    public void close() {
        s3.close();
        try {
            elasticsearch._transport().close();
        } catch (IOException e) {
            // the runtime's own close reports what matters
        }
        runtime.close();
    }
}
