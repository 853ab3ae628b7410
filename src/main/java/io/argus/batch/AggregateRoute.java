package io.argus.batch;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The batch flow's trigger: the Quartz schedule ({@code argus.batch.cron}) and manual triggers
 * (JMX, HTTP) all go through {@code direct:aggregate}, whose runner never runs twice at once.
 * A run counts with the MapReduce job and then calls the {@code index} route.
 */
public final class AggregateRoute extends EndpointRouteBuilder {
    public static final String ROUTE_ID = "aggregate";
    public static final String TRIGGER = "argusBatchTrigger";

    private final BatchRunner runner;

    public AggregateRoute(BatchRunner runner) {
        this.runner = runner;
    }

    @Override
    public void configure() {
        // Stateful: a firing waits for the run before; a firing missed meanwhile is dropped, not
        // made up in a burst (CronTrigger.MISFIRE_INSTRUCTION_DO_NOTHING).
        from(quartz("argus/aggregate").cron("{{argus.batch.cron}}").stateful(true)
                .advanced().triggerParameters("misfireInstruction", 2))
                .routeId("aggregate-schedule")
                .routeConfigurationId("argus-default")
                .autoStartup("{{argus.batch.scheduled}}")
                .onException(BatchAlreadyRunningException.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .log("Scheduled batch run skipped: a run is still going")
                .end()
                .setHeader(TRIGGER, constant("schedule"))
                .to(direct("aggregate"));

        from(direct("aggregate"))
                .routeId(ROUTE_ID)
                .routeConfigurationId("argus-default")
                // A run records its own failure; running it again at once would not help.
                .onException(Exception.class)
                    .maximumRedeliveries(0)
                .end()
                .process(exchange -> exchange.getMessage().setBody(
                        runner.run(exchange.getMessage().getHeader(TRIGGER, "manual", String.class))));
    }
}
