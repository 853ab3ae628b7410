package io.argus.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.errors.DeadLetter;
import io.argus.stream.Aggregation.Contribution;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * One flush of a streaming aggregation: the batch of Kafka records becomes, per group, the events it
 * adds (an event that cannot count becomes a dead letter), and each changed group's document is
 * written whole, once, conditional on the version read. Documents another runtime changed meanwhile
 * are read again and the events applied to them, a few rounds at most. The dead letters are left in
 * {@link #DEAD_LETTERS} for the route to send.
 */
public final class StreamAggregator implements Processor {
    public static final String DEAD_LETTERS = "argusStreamDeadLetters";
    private static final int CONFLICT_ROUNDS = 5;

    private final Aggregation aggregation;
    private final AggregateStore store;
    private final ObjectMapper json;
    private final Clock clock;

    StreamAggregator(Aggregation aggregation, AggregateStore store, ObjectMapper json, Clock clock) {
        this.aggregation = aggregation;
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void process(Exchange batch) throws IOException {
        String flow = batch.getFromRouteId();
        Map<String, List<Contribution>> groups = new LinkedHashMap<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        for (Exchange record : BatchOffsets.records(batch)) {
            Message message = record.getMessage();
            String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
            int partition = message.getHeader(KafkaConstants.PARTITION, Integer.class);
            long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
            String body = message.getBody(String.class);
            try {
                JsonNode event = json.readTree(body == null ? "" : body);
                Contribution contribution = aggregation.contribution(event, topic + "-" + partition, offset);
                groups.computeIfAbsent(contribution.id(), id -> new ArrayList<>()).add(contribution);
            } catch (JsonProcessingException e) {
                deadLetters.add(deadLetter(flow, "not JSON: " + e.getOriginalMessage(), body,
                        "kafka:" + topic + "/" + partition + "/" + offset));
            } catch (Aggregation.InvalidEventException e) {
                deadLetters.add(deadLetter(flow, e.getMessage(), body, "kafka:" + topic + "/" + partition + "/" + offset));
            }
        }
        write(groups).forEach((id, refusal) -> deadLetters.add(deadLetter(flow, store.index()
                + " refused the document: " + refusal.reason(), refusal.document().toString(),
                "aggregate:" + store.index() + "/" + id)));
        batch.setProperty(DEAD_LETTERS, deadLetters);
    }

    /** Writes the groups' documents; returns those refused for good, by id. */
    private Map<String, AggregateStore.Refusal> write(Map<String, List<Contribution>> groups) throws IOException {
        Map<String, AggregateStore.Refusal> refused = new LinkedHashMap<>();
        Map<String, List<Contribution>> pending = groups;
        for (int round = 1; !pending.isEmpty(); round++) {
            try {
                Map<String, AggregateStore.Stored> read = store.read(pending.keySet());
                Map<String, ObjectNode> changed = new LinkedHashMap<>();
                pending.forEach((id, contributions) -> {
                    AggregateStore.Stored stored = read.get(id);
                    ObjectNode document = stored == null ? json.createObjectNode() : stored.document().deepCopy();
                    boolean change = false;
                    for (Contribution contribution : contributions) {
                        change |= aggregation.apply(document, contribution);
                    }
                    if (change) {
                        changed.put(id, document);
                    }
                });
                AggregateStore.Outcome outcome = store.write(changed, read);
                refused.putAll(outcome.refused());
                if (!outcome.conflicts().isEmpty() && round == CONFLICT_ROUNDS) {
                    throw new IOException(outcome.conflicts().size() + " documents of " + store.index()
                            + " kept changing under " + CONFLICT_ROUNDS + " writes, e.g. " + outcome.conflicts().get(0));
                }
                Map<String, List<Contribution>> conflicting = new LinkedHashMap<>();
                outcome.conflicts().forEach(id -> conflicting.put(id, groups.get(id)));
                pending = conflicting;
            } catch (IOException | RuntimeException e) {
                store.forget(pending.keySet());
                throw e;
            }
        }
        return refused;
    }

    private DeadLetter deadLetter(String flow, String reason, String original, String source) {
        return new DeadLetter(flow, reason, original, clock.instant().toString(), 1, source);
    }
}
