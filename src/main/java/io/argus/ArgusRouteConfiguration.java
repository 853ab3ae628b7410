package io.argus;

import io.argus.api.ApiAccess;
import io.argus.api.BadParameterException;
import io.argus.api.HttpErrors;
import io.argus.api.ServiceUnavailableException;
import io.argus.batch.BatchAlreadyRunningException;
import io.argus.config.ArgusConfig;
import io.argus.errors.DeadLetterRoute;
import io.argus.errors.PoisonMessageException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The route configurations the routes name: "argus-default" for the flows (the one error policy: a
 * poison message goes, as received, to the dead-letter channel {@link DeadLetterRoute}; a passing
 * failure of S3, Kafka or Elasticsearch is redelivered with backoff, argus.retry.*, and then left
 * for the flow's source to give again) and "argus-http" for the API and the
 * dashboard (authentication of reads and writes, {@link ApiAccess}, and every error answered as JSON:
 * {@link HttpErrors}). A YAML route configuration of the same id ({@link RouteOverrides}) replaces
 * either.
 */
public final class ArgusRouteConfiguration extends RouteConfigurationBuilder {
    public static final String DEFAULT = "argus-default";
    public static final String HTTP = "argus-http";

    private final ArgusConfig.Retry retry;
    private final ApiAccess access;
    private final HttpErrors errors;

    public ArgusRouteConfiguration(ArgusConfig.Retry retry, ApiAccess access, HttpErrors errors) {
        this.retry = retry;
        this.access = access;
        this.errors = errors;
    }

    @Override
    public void configuration() {
        if (!overridden(DEFAULT)) {
            RouteConfigurationDefinition flows = routeConfiguration(DEFAULT)
                    .errorHandler(defaultErrorHandler()
                            .maximumRedeliveries(retry.maxRedeliveries())
                            .redeliveryDelay(retry.initialDelay().toMillis())
                            .maximumRedeliveryDelay(retry.maxDelay().toMillis())
                            .useExponentialBackOff()
                            .backOffMultiplier(2)
                            .retryAttemptedLogLevel(LoggingLevel.WARN)
                            .logStackTrace(false)
                            .logExhaustedMessageHistory(false));
            flows.onException(PoisonMessageException.class)
                    .handled(true)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .useOriginalMessage()
                    .to(DeadLetterRoute.ENDPOINT);
        }
        if (!overridden(HTTP)) {
            RouteConfigurationDefinition http = routeConfiguration(HTTP);
            http.onException(BatchAlreadyRunningException.class).handled(true).process(errors::conflict);
            http.onException(BadParameterException.class).handled(true).process(errors::badParameter);
            http.onException(ServiceUnavailableException.class, SdkClientException.class, IOException.class,
                    TimeoutException.class).handled(true).process(errors::unavailable);
            http.onException(Exception.class).handled(true).process(errors::internalError);
            // The one authentication path, before any HTTP route runs: reads by argus.api.auth, writes by the token.
            http.interceptFrom()
                    .when(exchange -> !access.allows(exchange))
                    .process(access::refuse)
                    .stop();
        }
    }

    private boolean overridden(String id) {
        return ((ModelCamelContext) getContext()).getRouteConfigurationDefinition(id) != null;
    }
}
