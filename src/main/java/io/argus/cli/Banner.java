package io.argus.cli;

import io.argus.config.ArgusConfig;
import io.argus.runtime.ArgusRuntime;
import io.argus.services.Endpoints;

/** What `argus run` prints once everything is up: where to drop images and what answers where. */
final class Banner {
    private Banner() {
    }

    private static String detector(ArgusConfig.Detect detect) {
        String name = detect.detector() + ", " + detect.workers() + " workers";
        return detect.fallback().map(why -> name + " (the fallback: " + why + ")").orElse(name);
    }

    static String of(ArgusRuntime runtime) {
        Endpoints endpoints = runtime.endpoints();
        return String.join("\n",
                "",
                "Argus is running.",
                "  Drop images into:   " + runtime.config().inbox().dir(),
                "  Ingested files go:  " + (runtime.config().inbox().afterIngest()
                        == ArgusConfig.AfterIngest.MOVE ? runtime.config().inbox().doneDir() : "(deleted)"),
                "  Rejected files go:  " + runtime.config().inbox().rejectedDir() + " (with a .reason file)",
                "  Dashboard and API:  http://" + runtime.config().api().host() + ":" + runtime.config().api().port()
                        + "/" + (runtime.config().api().auth() == ArgusConfig.ApiAuth.NONE ? ""
                        : " (" + runtime.config().api().auth().name().toLowerCase(java.util.Locale.ROOT) + " auth)"),
                "  Detector:           " + detector(runtime.config().detect()),
                "  Monitoring:         http://" + runtime.config().monitor().host() + ":"
                        + runtime.config().monitor().port() + "/observe/ (metrics, health, jolokia)",
                "  Kafka:              " + endpoints.kafkaBootstrapServers() + " (topic "
                        + runtime.config().kafka().imageTopic() + ")",
                "  S3:                 " + endpoints.s3Endpoint().map(Object::toString).orElse("AWS") + " (bucket "
                        + runtime.config().s3().bucket() + ")",
                "  Elasticsearch:      " + endpoints.elasticsearch().url()
                        + endpoints.elasticsearch().username().map(user -> " (user " + user + ")").orElse(""),
                runtime.localServiceNames().isEmpty() ? "  (no local services)"
                        : "  Local services' credentials: " + runtime.config().dataDir().resolve("services")
                        + " (*credentials.properties, Elasticsearch's CA in elasticsearch/config/certs/ca.crt)",
                "  Logs of local services: " + runtime.config().dataDir().resolve("logs"),
                "Stop with Ctrl-C or ./argus stop.",
                "");
    }
}
