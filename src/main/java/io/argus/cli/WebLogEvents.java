package io.argus.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Example web-log events {@code {org_id, url, status, timestamp}}, as the shipped weblogs.yaml
 * aggregates them: a few organisations, a few URLs each (one in ten a 404, one in fifty a 500), times
 * spread over {@code days} days from {@code start}. The same seed gives the same events.
 */
public final class WebLogEvents {
    private static final String[] URLS = {"/", "/login", "/products", "/products/42", "/cart", "/checkout",
        "/search?q=camel", "/api/orders", "/about", "/missing-page"};

    private WebLogEvents() {
    }

    public static List<ObjectNode> generate(long seed, int count, int organisations, Instant start, int days) {
        Random random = new Random(seed);
        long span = Duration.ofDays(days).toMillis();
        List<ObjectNode> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.put("org_id", "org" + (1 + random.nextInt(organisations)));
            event.put("url", URLS[random.nextInt(URLS.length)]);
            event.put("status", roll < 2 ? 500 : roll < 12 ? 404 : roll < 17 ? 301 : 200);
            event.put("timestamp", start.plusMillis((long) (random.nextDouble() * span)).toString());
            events.add(event);
        }
        return events;
    }
}
