package io.argus.services;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics Argus writes to, with their configured partitions, when they are missing. */
public final class KafkaTopics {
    private KafkaTopics() {
    }

    public static void ensure(Map<String, Object> clientConfig, List<String> topics, int partitions,
                              short replicationFactor) {
        try (Admin admin = Admin.create(clientConfig)) {
            ensure(admin, topics, partitions, replicationFactor);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new IllegalStateException("Kafka at " + clientConfig.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG)
                        + ": " + e.getMessage(), e.getCause());
            }
            throw e;
        }
    }

    /** The same with an Admin client already open. */
    public static void ensure(Admin admin, List<String> topics, int partitions, short replicationFactor) {
        try {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)))
                            .all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create Kafka topic " + topic + ": "
                                + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create topics " + topics + " within 30 s", e);
        }
    }
}
