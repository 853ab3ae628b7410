package io.argus.errors;

import io.argus.wiring.Feature;
import io.argus.wiring.Platform;

/** The flows' one error policy (route configuration argus-default) and the dead-letter channel it sends to. */
public final class ErrorsFeature implements Feature {

    @Override
    public void wire(Platform platform) {
        platform.addRoutes(new FlowErrorPolicy(platform.config().retry()),
                new DeadLetterRoute(platform.json(), platform.config().s3().errorsPrefix(), platform.clock()));
    }
}
