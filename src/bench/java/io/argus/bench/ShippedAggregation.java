package io.argus.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shipped streaming aggregation file ({@code routes/examples/*.yaml} in the runtime jar), dropped into
 * a routes folder as a user would, with its topic, consumer groups and indices given a suffix so that
 * runs sharing services do not meet.
 *
 * @param topic   the topic it consumes, suffixed
 * @param indices per index named in the file, the suffixed name
 */
public record ShippedAggregation(String topic, Map<String, String> indices) {
    private static final Pattern PARAMETER = Pattern.compile("- name: (topic|group-id|index)\\n(\\s+)value: (\\S+)");

    public static ShippedAggregation install(String file, Path routesDir, String suffix) {
        String yaml;
        try (InputStream in = ShippedAggregation.class.getResourceAsStream("/routes/examples/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no shipped aggregation " + file);
            }
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> indices = new LinkedHashMap<>();
        String topic = null;
        StringBuilder renamed = new StringBuilder();
        Matcher matcher = PARAMETER.matcher(yaml);
        while (matcher.find()) {
            String value = matcher.group(3) + "-" + suffix;
            if (matcher.group(1).equals("index")) {
                indices.put(matcher.group(3), value);
            } else if (matcher.group(1).equals("topic")) {
                topic = value;
            }
            matcher.appendReplacement(renamed, Matcher.quoteReplacement("- name: " + matcher.group(1) + "\n"
                    + matcher.group(2) + "value: " + value));
        }
        matcher.appendTail(renamed);
        try {
            Files.createDirectories(routesDir);
            Files.writeString(routesDir.resolve(file), renamed.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ShippedAggregation(topic, indices);
    }

    /** The suffixed name of an index the file names. */
    public String index(String name) {
        return indices.get(name);
    }

    /** Every document of an aggregate index, by id, as searched after a refresh (none if it does not exist yet). */
    public static Map<String, ObjectNode> documents(ElasticsearchClient es, String index) throws IOException {
        if (!es.indices().exists(e -> e.index(index)).value()) {
            return Map.of();
        }
        es.indices().refresh(r -> r.index(index));
        SearchResponse<ObjectNode> response = es.search(s -> s.index(index).size(10_000), ObjectNode.class);
        Map<String, ObjectNode> documents = new TreeMap<>();
        List<Hit<ObjectNode>> hits = response.hits().hits();
        hits.forEach(hit -> documents.put(hit.id(), hit.source()));
        return documents;
    }
}
