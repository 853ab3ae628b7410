package io.argus.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records of a topic a consumer group has not committed yet, over all partitions. Its
 * three calls to Kafka together take at most the deadline (argus.api.deadline): it is read for
 * HTTP requests, health checks and metrics scrapes.
 */
public final class ConsumerLag {
    private final Admin kafka;
    private final String topic;
    private final String group;
    private final Duration deadline;

    public ConsumerLag(Admin kafka, String topic, String group, Duration deadline) {
        this.kafka = kafka;
        this.topic = topic;
        this.group = group;
        this.deadline = deadline;
    }

    public long records() throws Exception {
        long until = System.nanoTime() + deadline.toNanos();
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(left(until), TimeUnit.NANOSECONDS);
        int partitions = kafka.describeTopics(List.of(topic)).allTopicNames().get(left(until), TimeUnit.NANOSECONDS)
                .get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : kafka.listOffsets(latest).all()
                .get(left(until), TimeUnit.NANOSECONDS).entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static long left(long end) {
        return Math.max(0, end - System.nanoTime());
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
