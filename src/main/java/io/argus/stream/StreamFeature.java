package io.argus.stream;

import io.argus.services.KafkaTopics;
import io.argus.wiring.Feature;
import io.argus.wiring.Platform;
import java.util.List;

/** Streaming aggregations: the route template YAML files instantiate (docs/streaming.md). */
public final class StreamFeature implements Feature {

    @Override
    public void wire(Platform platform) {
        var kafka = platform.config().kafka();
        platform.addRoutes(new StreamAggregationTemplate(platform.clients().elasticsearch(), platform.json(),
                platform.clock(), platform.config().retry(),
                topic -> KafkaTopics.ensure(platform.clients().kafka(), List.of(topic), kafka.topicPartitions(),
                        kafka.replicationFactor())));
    }
}
