package io.argus.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;

/** JSON answers of the API, with no request header echoed back. */
public final class JsonResponses {
    private final ObjectMapper json;

    public JsonResponses(ObjectMapper json) {
        this.json = json;
    }

    public void respond(Exchange exchange, int status, Object body, String... keepHeaders) throws JsonProcessingException {
        exchange.getMessage().removeHeaders("*", keepHeaders);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(body));
    }

    /** {@code {"error": message}}, plus {@code "parameter"} when one parameter is at fault. */
    public void error(Exchange exchange, int status, String message, String parameter) throws JsonProcessingException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        if (parameter != null) {
            body.put("parameter", parameter);
        }
        respond(exchange, status, body);
    }
}
