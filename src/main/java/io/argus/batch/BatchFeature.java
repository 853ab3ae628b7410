package io.argus.batch;

import io.argus.config.ArgusConfig;
import io.argus.wiring.Feature;
import io.argus.wiring.Platform;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;

/** The batch flow: the runner (MapReduce over the metadata), the {@code aggregate} route and the MBean {@code io.argus:type=Batch}. */
public final class BatchFeature implements Feature {
    static final String MBEAN = "io.argus:type=Batch";

    @Override
    public void wire(Platform platform) {
        ArgusConfig config = platform.config();
        BatchLease lease = platform.closeWithRuntime(new BatchLease(platform.clients().elasticsearch(),
                config.index().locksName(), config.s3().bucket() + "/" + config.batch().s3Prefix(), owner(),
                platform.clock()));
        BatchRunner runner = BatchRunner.create(platform.clients().s3(), config, platform.endpoints(),
                platform.json(), platform.clock(), lease);
        platform.addRoutes(new AggregateRoute(runner, platform.config().batch()));
        platform.registerMBean(new BatchControl(runner, trigger -> run(platform.camel(), trigger), platform.json()),
                MBEAN);
    }

    /**
     * This runtime, as other runtimes are told who holds the batch lease: {@code <pid>@<host>/<random>},
     * the last part telling apart two runtimes in one JVM.
     */
    private static String owner() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return ProcessHandle.current().pid() + "@" + host + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Runs the batch flow now through the {@code aggregate} route and returns the run.
     *
     * @throws BatchAlreadyRunningException when a run is going
     */
    public static BatchRun run(CamelContext camel, String trigger) {
        try {
            return camel.createFluentProducerTemplate().to("direct:" + AggregateRoute.ROUTE_ID)
                    .withHeader(AggregateRoute.TRIGGER, trigger).request(BatchRun.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
