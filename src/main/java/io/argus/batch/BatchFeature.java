package io.argus.batch;

import io.argus.wiring.Feature;
import io.argus.wiring.Platform;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;

/** The batch flow: the runner (MapReduce over the metadata), the {@code aggregate} route and the MBean {@code io.argus:type=Batch}. */
public final class BatchFeature implements Feature {
    static final String MBEAN = "io.argus:type=Batch";

    @Override
    public void wire(Platform platform) {
        BatchRunner runner = BatchRunner.create(platform.clients().s3(), platform.config(), platform.endpoints(),
                platform.json(), platform.clock());
        platform.addRoutes(new AggregateRoute(runner, platform.config().batch()));
        platform.registerMBean(new BatchControl(runner, trigger -> run(platform.camel(), trigger), platform.json()),
                MBEAN);
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
