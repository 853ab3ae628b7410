package io.argus.local;

import io.argus.config.ArgusConfig;
import io.argus.services.Services;
import io.argus.services.ServicesProvider;

/** Registered in META-INF/services: the runtime finds the embedded local services when this jar is on its classpath. */
public final class LocalServicesProvider implements ServicesProvider {

    @Override
    public Services start(ArgusConfig config) {
        return LocalServices.start(config);
    }
}
