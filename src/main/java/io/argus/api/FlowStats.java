package io.argus.api;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Exchanges completed and failed per flow (route id), in all and over the last minute, for
 * {@code /api/stats}. Counts what each route's consumer finished: for the Kafka flows, one per record.
 */
public final class FlowStats extends EventNotifierSupport {
    private static final int WINDOW_SECONDS = 60;

    private final List<String> flows;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public FlowStats(List<String> flows, Clock clock) {
        this.flows = flows;
        this.clock = clock;
        flows.forEach(flow -> counters.put(flow, new Counter()));
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        Counter counter = exchange.getFromRouteId() == null ? null : counters.get(exchange.getFromRouteId());
        // Only the exchange a consumer made, not copies (split parts, wire taps) of it.
        if (counter != null && !exchange.getProperties().containsKey(Exchange.SPLIT_INDEX)) {
            counter.add(event instanceof CamelEvent.ExchangeFailedEvent, clock.millis());
        }
    }

    /** Per flow: {@code completed}, {@code failed} and {@code per_minute} (completed in the last 60 s). */
    public Map<String, Map<String, Long>> snapshot() {
        long now = clock.millis() / 1000;
        Map<String, Map<String, Long>> snapshot = new LinkedHashMap<>();
        for (String flow : flows) {
            snapshot.put(flow, counters.get(flow).snapshot(now));
        }
        return snapshot;
    }

    /** When the flow last completed an exchange, if it has since the start. */
    public Optional<Instant> lastCompleted(String flow) {
        return counters.get(flow).lastCompleted();
    }

    private static final class Counter {
        private final long[] seconds = new long[WINDOW_SECONDS];
        private final long[] perSecond = new long[WINDOW_SECONDS];
        private long completed;
        private long failed;
        private long lastCompletedMillis = -1;

        synchronized void add(boolean failure, long millis) {
            if (failure) {
                failed++;
                return;
            }
            completed++;
            lastCompletedMillis = millis;
            long second = millis / 1000;
            int slot = (int) (second % WINDOW_SECONDS);
            if (seconds[slot] != second) {
                seconds[slot] = second;
                perSecond[slot] = 0;
            }
            perSecond[slot]++;
        }

        synchronized Optional<Instant> lastCompleted() {
            return lastCompletedMillis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastCompletedMillis));
        }

        synchronized Map<String, Long> snapshot(long now) {
            long lastMinute = 0;
            for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
                if (now - seconds[slot] < WINDOW_SECONDS) {
                    lastMinute += perSecond[slot];
                }
            }
            Map<String, Long> snapshot = new LinkedHashMap<>();
            snapshot.put("completed", completed);
            snapshot.put("failed", failed);
            snapshot.put("per_minute", lastMinute);
            return snapshot;
        }
    }
}
