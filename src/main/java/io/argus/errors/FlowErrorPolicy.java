package io.argus.errors;

import io.argus.config.ArgusConfig;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.ModelCamelContext;

/**
 * "argus-default", the route configuration of the flows and their one error policy: a poison message
 * goes, as received, to the dead-letter channel ({@link DeadLetterRoute}); a passing failure of S3,
 * Kafka or Elasticsearch is redelivered with backoff (argus.retry.*), and then left for the flow's
 * source to give again. A YAML route configuration of the same id replaces it.
 */
public final class FlowErrorPolicy extends RouteConfigurationBuilder {
    public static final String ID = "argus-default";

    private final ArgusConfig.Retry retry;

    public FlowErrorPolicy(ArgusConfig.Retry retry) {
        this.retry = retry;
    }

    @Override
    public void configuration() {
        if (((ModelCamelContext) getContext()).getRouteConfigurationDefinition(ID) != null) {
            return;
        }
        routeConfiguration(ID)
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(retry.maxRedeliveries())
                        .redeliveryDelay(retry.initialDelay().toMillis())
                        .maximumRedeliveryDelay(retry.maxDelay().toMillis())
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logStackTrace(false)
                        .logExhaustedMessageHistory(false))
                .onException(PoisonMessageException.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .useOriginalMessage()
                    .to(DeadLetterRoute.ENDPOINT);
    }
}
