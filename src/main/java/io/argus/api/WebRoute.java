package io.argus.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The dashboard ({@code web/} in the sources) at {@code /}, with its chart library from its WebJar
 * at {@code /assets/vendor/}: everything from the runtime's classpath, nothing from a CDN.
 */
public final class WebRoute extends EndpointRouteBuilder {
    private static final String ASSETS = "/assets/";
    private static final String VENDOR = ASSETS + "vendor/";
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    @Override
    public void configure() {
        from(platformHttp("/").httpMethodRestrict("GET")).routeId("web-index")
                .routeConfigurationId("argus-http")
                .process(exchange -> serve(exchange, "web/index.html"));
        from(platformHttp(ASSETS + "*").httpMethodRestrict("GET")).routeId("web-assets")
                .routeConfigurationId("argus-http")
                .process(this::asset);
    }

    private void asset(Exchange exchange) {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        String name = path.substring(path.lastIndexOf('/') + 1);
        String resource = path.startsWith(VENDOR) ? UPLOT + name : "web/" + name;
        serve(exchange, resource);
    }

    /** Only files directly in web/ (or the WebJar's dist/), by name: nothing else on the classpath is reachable. */
    private void serve(Exchange exchange, String resource) {
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        Optional<byte[]> content = TYPES.containsKey(extension)
                ? cache.computeIfAbsent(resource, WebRoute::load) : Optional.empty();
        exchange.getMessage().removeHeaders("*");
        if (content.isEmpty()) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getMessage().setBody("not found");
            return;
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, TYPES.get(extension));
        exchange.getMessage().setHeader("Cache-Control", "no-cache");
        exchange.getMessage().setBody(content.get());
    }

    private static Optional<byte[]> load(String resource) {
        try (InputStream in = WebRoute.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
