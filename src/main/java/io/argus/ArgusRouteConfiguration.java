package io.argus;

import io.argus.api.ApiAccess;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.ModelCamelContext;

/**
 * The route configurations the routes name: "argus-default" for the flows (a few redeliveries with
 * backoff for passing failures of S3, Kafka or Elasticsearch) and "argus-http" for the API and the
 * dashboard (authentication, when argus.api.auth asks for it). A YAML route configuration of the
 * same id ({@link RouteOverrides}) replaces either.
 */
public final class ArgusRouteConfiguration extends RouteConfigurationBuilder {
    public static final String DEFAULT = "argus-default";
    public static final String HTTP = "argus-http";

    private final ApiAccess access;

    public ArgusRouteConfiguration(ApiAccess access) {
        this.access = access;
    }

    @Override
    public void configuration() {
        if (!overridden(DEFAULT)) {
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
        if (!overridden(HTTP)) {
            if (access.required()) {
                routeConfiguration(HTTP)
                        .interceptFrom()
                        .when(exchange -> !access.allows(exchange))
                        .process(access::refuse)
                        .stop();
            } else {
                routeConfiguration(HTTP);
            }
        }
    }

    private boolean overridden(String id) {
        return ((ModelCamelContext) getContext()).getRouteConfigurationDefinition(id) != null;
    }
}
