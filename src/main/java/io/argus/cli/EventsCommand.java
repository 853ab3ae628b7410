package io.argus.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.argus.config.ArgusConfig;
import io.argus.services.KafkaClients;
import io.argus.services.KafkaTopics;
import io.argus.cli.EventPublisher;
import io.argus.cli.ShopEvents;
import io.argus.cli.WebLogEvents;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code argus events}: example events for the shipped streaming aggregations (docs/streaming.md), and
 * a file of events (CSV with a header, or one JSON object per line) streamed into a topic at a rate.
 */
@Command(name = "events", description = "Publishes events for the streaming aggregations (docs/streaming.md).",
        subcommands = {EventsCommand.WebLogs.class, EventsCommand.Shop.class, EventsCommand.Send.class})
final class EventsCommand {

    /** Where and how fast: options every events command shares. */
    static final class Target {
        @CommandLine.Mixin
        Argus.ConfigOption config = new Argus.ConfigOption();

        @Option(names = "--rate", defaultValue = "1000", paramLabel = "N",
                description = "Events per second (0: as fast as Kafka takes them; default ${DEFAULT-VALUE}).")
        double rate;

        /** Publishes the events on the topic (created when missing) and says how many, how fast. */
        int publish(String topic, String keyField, Iterator<? extends JsonNode> events)
                throws IOException, InterruptedException {
            return publish(topic, keyField, publisher -> {
                while (events.hasNext()) {
                    publisher.publish(events.next());
                }
            });
        }

        /** What goes to the publisher, in order. */
        interface Events {
            void sendTo(EventPublisher publisher) throws IOException, InterruptedException;
        }

        int publish(String topic, String keyField, Events events) throws IOException, InterruptedException {
            ArgusConfig settings = ArgusConfig.from(config.load());
            ArgusConfig.Kafka kafka = settings.kafka();
            Map<String, Object> client = KafkaClients.config(kafka.bootstrapServers()
                    .orElse("127.0.0.1:" + settings.local().kafkaPort()), kafka.security());
            KafkaTopics.ensure(client, List.of(topic), kafka.topicPartitions(), kafka.replicationFactor());
            long started = System.nanoTime();
            long published;
            try (EventPublisher publisher = new EventPublisher(client, topic, keyField, rate)) {
                events.sendTo(publisher);
                published = publisher.published();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(Locale.ROOT, "Published %d events on %s in %.1f s (%.0f events/s)%n", published, topic,
                    seconds, published / seconds);
            return 0;
        }
    }

    @Command(name = "weblogs", description = "Web-log events {org_id, url, status, timestamp} for weblogs.yaml.")
    static final class WebLogs implements Callable<Integer> {
        @CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--count", defaultValue = "10000", description = "Events (default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--organisations", defaultValue = "5", description = "Organisations (default ${DEFAULT-VALUE}).")
        int organisations;

        @Option(names = "--days", defaultValue = "3", description = "Days the events span, up to today (default ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--seed", defaultValue = "1", description = "The same seed, the same events (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--topic", defaultValue = "argus-weblogs", description = "Default: ${DEFAULT-VALUE}.")
        String topic;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(days - 1L, ChronoUnit.DAYS);
            return target.publish(topic, "org_id",
                    WebLogEvents.generate(seed, count, organisations, start, days).iterator());
        }
    }

    @Command(name = "shop", description = "E-commerce events {user_id, event_type, product_id, price, timestamp} for"
            + " shop.yaml; with --csv, written to a CSV file instead (stream it with 'argus events send').")
    static final class Shop implements Callable<Integer> {
        @CommandLine.Mixin
        Target target = new Target();

        @Option(names = "--count", defaultValue = "5000", description = "Events (default ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--users", defaultValue = "200", description = "Users (default ${DEFAULT-VALUE}).")
        int users;

        @Option(names = "--seed", defaultValue = "1", description = "The same seed, the same events (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--topic", defaultValue = "argus-shop-events", description = "Default: ${DEFAULT-VALUE}.")
        String topic;

        @Option(names = "--csv", paramLabel = "FILE", description = "Write the events to this CSV file.")
        Path csv;

        @Override
        public Integer call() throws IOException, InterruptedException {
            List<ObjectNode> events = ShopEvents.generate(seed, count, users,
                    Instant.now().truncatedTo(ChronoUnit.DAYS).minus(7, ChronoUnit.DAYS));
            if (csv == null) {
                return target.publish(topic, "user_id", events.iterator());
            }
            CsvSchema schema = CsvSchema.builder().addColumns(List.of("user_id", "event_type", "product_id", "price",
                    "timestamp"), CsvSchema.ColumnType.STRING).setUseHeader(true).build();
            try (Writer writer = Files.newBufferedWriter(csv)) {
                new CsvMapper().writer(schema).writeValues(writer).writeAll(events);
            }
            System.out.println("Wrote " + events.size() + " events to " + csv);
            return 0;
        }
    }

    @Command(name = "send", description = "Streams a file of events into a topic: CSV with a header row (*.csv), or"
            + " one JSON object per line.")
    static final class Send implements Callable<Integer> {
        @CommandLine.Mixin
        Target target = new Target();

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--topic", required = true)
        String topic;

        @Option(names = "--key", defaultValue = "", paramLabel = "FIELD",
                description = "The field whose value keys each record (events of one key stay in order).")
        String key;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                try (MappingIterator<JsonNode> rows = new CsvMapper().readerFor(JsonNode.class)
                        .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
                    return target.publish(topic, key, rows);
                }
            }
            // A line that is not JSON is published as it is: the aggregations dead-letter it with the reason.
            ObjectMapper json = new ObjectMapper();
            int[] malformed = {0};
            int exit = target.publish(topic, key, publisher -> {
                try (BufferedReader lines = Files.newBufferedReader(file)) {
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.isBlank()) {
                            continue;
                        }
                        try {
                            publisher.publish(json.readTree(line));
                        } catch (JsonProcessingException e) {
                            publisher.publishRaw(null, line);
                            malformed[0]++;
                        }
                    }
                }
            });
            if (malformed[0] > 0) {
                System.out.println("Not JSON: " + malformed[0] + (malformed[0] == 1 ? " line, published as it is"
                        : " lines, published as they are") + "; the aggregations of the topic dead-letter them");
            }
            return exit;
        }
    }
}
