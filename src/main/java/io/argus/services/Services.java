package io.argus.services;

import io.argus.config.ArgusConfig;
import io.argus.config.InvalidConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The services one runtime talks to. Every one configured as external is used as is; for the
 * others a {@link ServicesProvider} on the classpath (the embedded local services of
 * {@code argus-local.jar}) starts local ones. Clients use {@link #endpoints()} and never know which
 * kind they got.
 */
public interface Services extends AutoCloseable {

    Endpoints endpoints();

    /** The services started for this runtime (kafka, s3proxy, elasticsearch), none when all are external. */
    List<String> localServiceNames();

    /** Stops what was started for this runtime; external services are left alone. */
    @Override
    void close();

    static Services start(ArgusConfig config) {
        List<String> unset = unsetEndpoints(config);
        if (unset.isEmpty()) {
            return new ExternalServices(config);
        }
        return ServiceLoader.load(ServicesProvider.class).findFirst()
                .orElseThrow(() -> new InvalidConfigException(unset.stream().map(key -> key
                        + ": must be set, as the embedded local services (argus-local.jar) are not on the classpath")
                        .toList()))
                .start(config);
    }

    /** The endpoint settings left empty, which a local service stands in for. */
    static List<String> unsetEndpoints(ArgusConfig config) {
        List<String> unset = new ArrayList<>();
        if (config.kafka().bootstrapServers().isEmpty()) {
            unset.add("argus.kafka.bootstrap-servers");
        }
        if (config.s3().endpoint().isEmpty()) {
            unset.add("argus.s3.endpoint");
        }
        if (config.elasticsearch().url().isEmpty()) {
            unset.add("argus.elasticsearch.url");
        }
        return unset;
    }
}
