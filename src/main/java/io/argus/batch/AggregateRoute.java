package io.argus.batch;

import io.argus.config.ArgusConfig;
import io.argus.errors.FlowErrorPolicy;
import io.argus.index.IndexRoute;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The batch flow: the Quartz schedule ({@code argus.batch.cron}) and manual triggers (JMX, HTTP)
 * all go through {@code direct:aggregate}, which never runs twice at once. A run is four named
 * steps, {@code plan → count → index-counts → commit} ({@link BatchRunner}); the index step is the
 * {@code index} route. The run's record ({@link BatchRun}) is the answer, failed runs included.
 */
public final class AggregateRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "aggregate";
    public static final String TRIGGER = "argusBatchTrigger";

    private final BatchRunner runner;
    private final ArgusConfig.Batch config;

    public AggregateRoute(BatchRunner runner, ArgusConfig.Batch config) {
        this.runner = runner;
        this.config = config;
    }

    @Override
    public void configure() {
        // Stateful: a firing waits for the run before; argus.batch.misfire says what a missed firing does.
        from(quartz("argus/aggregate").cron("{{argus.batch.cron}}").stateful(true)
                .advanced().triggerParameters("misfireInstruction", config.misfire().quartzInstruction))
                .routeId("aggregate-schedule")
                .routeConfigurationId(FlowErrorPolicy.ID)
                .autoStartup("{{argus.batch.scheduled}}")
                .onException(BatchAlreadyRunningException.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .log("Scheduled batch run skipped: ${exception.message}")
                .end()
                .setHeader(TRIGGER, constant("schedule"))
                .to(direct(ROUTE_ID));

        from(direct(ROUTE_ID))
                .routeId(ROUTE_ID)
                .routeConfigurationId(FlowErrorPolicy.ID)
                // The caller is told; the run that is going is not disturbed.
                .onException(BatchAlreadyRunningException.class)
                    .maximumRedeliveries(0)
                .end()
                // A run records its own failure and answers with its record, as a run that succeeds does
                // (caught here, not by an error handler, after which a caller's route would stop);
                // running it again at once would not help.
                .doTry()
                    .step("plan")
                        .bean(runner, "plan")
                    .end()
                    .choice()
                        .when(method(runner, "hasWork"))
                            .step("count")
                                .bean(runner, "count")
                            .end()
                            .step("index-counts")
                                .to(direct(IndexRoute.ROUTE_ID))
                            .end()
                            .step("commit")
                                .bean(runner, "commit")
                            .end()
                        .endChoice()
                        .otherwise()
                            .bean(runner, "unchanged")
                    .end()
                .endDoTry()
                .doCatch(Exception.class)
                    .onWhen(exchange -> !(exchange.getException() instanceof BatchAlreadyRunningException))
                    .bean(runner, "failed")
                .end();
    }
}
