package io.argus.wiring;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.services.Endpoints;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.admin.Admin;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What every feature is wired with: the configuration, the services' clients, JSON and the clock,
 * and Camel Main to add routes and beans to. What a feature opens is closed with the runtime.
 * {@code s3ForRequests} and {@code elasticsearchForRequests} are the clients of calls made for an
 * HTTP request or a health check: each call ends by argus.api.deadline.
 */
public final class Platform {
    private final ArgusConfig config;
    private final Endpoints endpoints;
    private final Clients clients;
    private final ObjectMapper json;
    private final Clock clock;
    private final Main main;
    private final List<AutoCloseable> opened;
    private final List<Consumer<CamelContext>> onStarted = new ArrayList<>();

    /** The clients of the services, the second pair with argus.api.deadline on every call. */
    public record Clients(S3Client s3, ElasticsearchClient elasticsearch, Admin kafka, S3Client s3ForRequests,
                          ElasticsearchClient elasticsearchForRequests) {
    }

    public Platform(ArgusConfig config, Endpoints endpoints, Clients clients, ObjectMapper json, Clock clock,
                    Main main, List<AutoCloseable> opened) {
        this.config = config;
        this.endpoints = endpoints;
        this.clients = clients;
        this.json = json;
        this.clock = clock;
        this.main = main;
        this.opened = opened;
    }

    public ArgusConfig config() {
        return config;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public Clients clients() {
        return clients;
    }

    public ObjectMapper json() {
        return json;
    }

    public Clock clock() {
        return clock;
    }

    /** The Camel context, once the runtime has started it. */
    public CamelContext camel() {
        return main.getCamelContext();
    }

    /** Runs once Camel has started (its metrics registry, for one, exists only then). */
    public void onStarted(Consumer<CamelContext> action) {
        onStarted.add(action);
    }

    /** Called by the runtime once Camel has started. */
    public void started() {
        onStarted.forEach(action -> action.accept(main.getCamelContext()));
    }

    public void addRoutes(RoutesBuilder... builders) {
        for (RoutesBuilder builder : builders) {
            main.configure().addRoutesBuilder(builder);
        }
    }

    /** A bean YAML routes (and Camel's health registry) find by name. */
    public void bind(String name, Object bean) {
        main.bind(name, bean);
    }

    public <T extends AutoCloseable> T closeWithRuntime(T resource) {
        opened.add(resource);
        return resource;
    }

    /** An MBean for JMX and Jolokia, unregistered when the runtime stops. */
    public void registerMBean(Object bean, String objectName) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(objectName);
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
            closeWithRuntime(() -> {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            });
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + objectName, e);
        }
    }
}
