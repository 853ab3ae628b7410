package io.argus;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.ModelCamelContext;

/**
 * The error handling every route names ("argus-default"): a few redeliveries with backoff for
 * passing failures of S3, Kafka or Elasticsearch. A YAML route configuration of the same id
 * ({@link RouteOverrides}) replaces it.
 */
public final class ArgusRouteConfiguration extends RouteConfigurationBuilder {
    public static final String DEFAULT = "argus-default";

    @Override
    public void configuration() {
        if (overridden(DEFAULT)) {
            return;
        }
        routeConfiguration(DEFAULT)
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(3)
                        .redeliveryDelay(500)
                        .useExponentialBackOff()
                        .backOffMultiplier(2)
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logStackTrace(false)
                        .logExhaustedMessageHistory(false));
    }

    private boolean overridden(String id) {
        return ((ModelCamelContext) getContext()).getRouteConfigurationDefinition(id) != null;
    }
}
