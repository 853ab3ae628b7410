package io.argus.api;

import io.argus.services.ServiceUnavailableException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every HTTP route answers an error, always as JSON {@code {"error": …}} and never with a stack
 * trace: a bad parameter 400, a conflict 409, a service that is unreachable or did not answer in time 503,
 * anything else 500 (the details go to the log).
 */
public final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private final JsonResponses responses;

    public HttpErrors(JsonResponses responses) {
        this.responses = responses;
    }

    public void badParameter(Exchange exchange) throws Exception {
        BadParameterException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, BadParameterException.class);
        responses.error(exchange, 400, e.getMessage(), e.parameter());
    }

    /** The request conflicts with what is going on (a batch run asked for while one runs). */
    public void conflict(Exchange exchange) throws Exception {
        responses.error(exchange, 409, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage(),
                null);
    }

    public void unavailable(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String message = e instanceof ServiceUnavailableException ? e.getMessage()
                : "a service Argus needs is unavailable or did not answer in time: " + e.getMessage();
        LOG.warn("{} answered 503: {}", exchange.getFromRouteId(), message);
        responses.error(exchange, 503, message, null);
    }

    public void internalError(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.error("{} failed", exchange.getFromRouteId(), e);
        responses.error(exchange, 500, "internal error (" + e.getClass().getSimpleName() + "); see the Argus log", null);
    }
}
