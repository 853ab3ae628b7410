package io.argus.services;

import io.argus.config.ArgusConfig;

/**
 * Starts local services for the endpoints a configuration leaves empty. Found with
 * {@link java.util.ServiceLoader}, so the runtime does not depend on the module that implements it.
 */
public interface ServicesProvider {

    Services start(ArgusConfig config);
}
