package io.argus.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets of a batch of Kafka records (Camel's batching consumer), committed once the batch's
 * work is done: per partition, the offset after its last record. A commit that fails (the partition
 * moved to another consumer meanwhile) loses nothing: whoever consumes it next gets the records again,
 * and an aggregation skips the events its documents have applied already.
 */
public final class BatchOffsets {
    private static final Logger LOG = LoggerFactory.getLogger(BatchOffsets.class);

    private BatchOffsets() {
    }

    @SuppressWarnings("unchecked")
    static List<Exchange> records(Exchange batch) {
        return batch.getMessage().getBody(List.class);
    }

    public static void commit(Exchange batch) {
        Map<String, KafkaManualCommit> lastOfPartition = new LinkedHashMap<>();
        for (Exchange record : records(batch)) {
            lastOfPartition.put(record.getMessage().getHeader(KafkaConstants.TOPIC, String.class) + "-"
                            + record.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class),
                    record.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class));
        }
        lastOfPartition.forEach((partition, commit) -> {
            try {
                commit.commit();
            } catch (KafkaException e) {
                LOG.warn("Could not commit the offset of {} ({}): its records will be read again, and skipped",
                        partition, e.getMessage());
            }
        });
    }
}
