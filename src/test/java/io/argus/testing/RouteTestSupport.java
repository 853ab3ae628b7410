package io.argus.testing;

import io.argus.runtime.RouteProperties;
import io.argus.config.ArgusConfig;
import io.argus.config.Settings;
import io.argus.services.ElasticsearchAccess;
import io.argus.services.Endpoints;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;

/**
 * A route test of the fast tier (camel-test-junit5): the routes as Argus builds them, with the
 * placeholders of the declared defaults, and the S3, Kafka and metrics endpoints replaced by mocks
 * (AdviceWith) so that the test sees what the route sends where; the test starts the context once
 * it has advised the routes. It tests a route's wiring; the flows against
 * the real services are tested by the full suite.
 */
public abstract class RouteTestSupport extends CamelTestSupport {
    /** What the routes send to S3 (the bucket's objects, with their keys in {@code CamelAwsS3Key}). */
    protected static final String S3 = "mock:s3";
    /** The records of the dead-letter channel, as sent to its topic. */
    protected static final String DEAD_LETTERS = "mock:dead-letters";

    private ArgusConfig config;

    /** The configuration of the routes under test: the declared defaults with the test's overrides. */
    protected ArgusConfig config() {
        if (config == null) {
            config = ArgusConfig.from(settings());
        }
        return config;
    }

    /** The declared defaults, with what the test changes. */
    protected Map<String, String> overrides() {
        return Map.of();
    }

    private Properties settings() {
        Properties settings = Settings.defaults();
        settings.setProperty("argus.detect.detector", "opencv-builtin");
        settings.setProperty("argus.detect.workers", "1");
        settings.setProperty("argus.retry.max-redeliveries", "0");
        overrides().forEach(settings::setProperty);
        return settings;
    }

    @Override
    public void configureContext(CamelContextConfiguration configuration) {
        super.configureContext(configuration);
        // The placeholders as the runtime derives them, with endpoints no route of the test reaches.
        Endpoints endpoints = new Endpoints("127.0.0.1:9", ArgusConfig.KafkaSecurity.NONE, Optional.empty(),
                Optional.empty(), new ElasticsearchAccess(URI.create("http://127.0.0.1:9"), Optional.empty(),
                Optional.empty(), Optional.empty()));
        Properties placeholders = RouteProperties.of(settings(), config(), endpoints);
        configuration.withUseOverridePropertiesWithPropertiesComponent(placeholders)
                .withMockEndpointsAndSkip("micrometer:*");
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    /**
     * Advises a route: what it sends to S3 goes to {@link #S3}, what it sends to Kafka to {@code kafkaMock};
     * the real endpoints are not even created.
     */
    protected void mockServices(String routeId, String kafkaMock) throws Exception {
        AdviceWith.adviceWith(context, routeId, route -> {
            route.weaveByToUri("aws2-s3*").replace().to(S3);
            route.weaveByToUri("kafka*").replace().to(kafkaMock);
        });
    }
}
