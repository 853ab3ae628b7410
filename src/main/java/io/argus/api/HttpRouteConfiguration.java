package io.argus.api;

import io.argus.services.ServiceUnavailableException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * "argus-http", the route configuration of the API and the dashboard: the one authentication path
 * ({@link ApiAccess}: reads by argus.api.auth, writes by the token) and every error answered as JSON
 * ({@link HttpErrors}). A YAML route configuration of the same id replaces it.
 */
public final class HttpRouteConfiguration extends RouteConfigurationBuilder {
    public static final String ID = "argus-http";

    private final ApiAccess access;
    private final HttpErrors errors;

    public HttpRouteConfiguration(ApiAccess access, HttpErrors errors) {
        this.access = access;
        this.errors = errors;
    }

    @Override
    public void configuration() {
        if (((ModelCamelContext) getContext()).getRouteConfigurationDefinition(ID) != null) {
            return;
        }
        RouteConfigurationDefinition http = routeConfiguration(ID);
        http.onException(BadParameterException.class).handled(true).process(errors::badParameter);
        http.onException(ServiceUnavailableException.class, SdkClientException.class, IOException.class,
                TimeoutException.class).handled(true).process(errors::unavailable);
        http.onException(Exception.class).handled(true).process(errors::internalError);
        // The one authentication path, before any HTTP route runs.
        http.interceptFrom()
                .when(exchange -> !access.allows(exchange))
                .process(access::refuse)
                .stop();
    }
}
