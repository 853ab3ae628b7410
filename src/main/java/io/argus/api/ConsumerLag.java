package io.argus.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How many records of a topic a consumer group has not committed yet, over all partitions. */
public final class ConsumerLag {
    private static final long TIMEOUT_SECONDS = 3;

    private final Admin kafka;
    private final String topic;
    private final String group;

    public ConsumerLag(Admin kafka, String topic, String group) {
        this.kafka = kafka;
        this.topic = topic;
        this.group = group;
    }

    public long records() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        int partitions = kafka.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : kafka.listOffsets(latest).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** The lag, or NaN when Kafka cannot tell it now (for a metrics gauge). */
    public double recordsOrNaN() {
        try {
            return records();
        } catch (Exception e) {
            return Double.NaN;
        }
    }
}
