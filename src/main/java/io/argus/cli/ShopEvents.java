package io.argus.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Example e-commerce events {@code {user_id, event_type, product_id, price, timestamp}}, as the shipped
 * shop.yaml turns them into customer profiles: mostly views, some carts, fewer purchases, prices in
 * cents, times in order from {@code start}. The same seed gives the same events.
 */
public final class ShopEvents {
    private ShopEvents() {
    }

    public static List<ObjectNode> generate(long seed, int count, int users, Instant start) {
        Random random = new Random(seed);
        List<ObjectNode> events = new ArrayList<>(count);
        Instant time = start;
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            int product = 1 + random.nextInt(40);
            time = time.plus(Duration.ofMillis(1 + random.nextInt(60_000)));
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.put("user_id", "user" + (1 + random.nextInt(users)));
            event.put("event_type", roll < 70 ? "view" : roll < 90 ? "cart" : "purchase");
            event.put("product_id", "p" + product);
            event.put("price", BigDecimal.valueOf(499 + product * 1_250L, 2));
            event.put("timestamp", time.toString());
            events.add(event);
        }
        return events;
    }
}
