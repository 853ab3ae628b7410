package io.argus.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.index.Interval;
import io.argus.index.TimeRange;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The API's query parameters: what each takes, and the 400's reason, naming the parameter, for what it refuses. */
class QueryParametersTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    @AfterAll
    static void closeCamel() throws Exception {
        CAMEL.close();
    }

    private static QueryParameters query(String query) {
        DefaultMessage message = new DefaultMessage(CAMEL);
        message.setHeader(Exchange.HTTP_QUERY, query);
        return new QueryParameters(message, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static void refused(Runnable read, String parameter, String reason) {
        assertThatThrownBy(read::run).isInstanceOfSatisfying(BadParameterException.class,
                e -> assertThat(e.parameter()).isEqualTo(parameter)).hasMessageContaining(reason);
    }

    @Test
    void labelsRepeatAreDecodedTrimmedAndDeduplicated() {
        assertThat(query("label=car&label=%20traffic%20light&label=car").labels(true))
                .containsExactly("car", "traffic light");
        assertThat(query("").labels(false)).isEmpty();
        refused(() -> query("").labels(true), "label", "label is required");
        refused(() -> query("label=a&label=b").label(), "label", "give one label, not 2");
        refused(() -> query("label=" + "x".repeat(101)).labels(true), "label", "at most 100 characters");
        refused(() -> query("label=%zz").labels(true), "label", "malformed %-escape");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= QueryParameters.MAX_LABELS; i++) {
            many.append("&label=l").append(i);
        }
        refused(() -> query(many.substring(1)).labels(true), "label", "at most 20 labels, not 21");
    }

    @Test
    void aParameterGivenTwiceIsRefusedAndABlankOneIsAbsent() {
        refused(() -> query("tz=UTC&tz=CET").zone(), "tz", "tz is given 2 times");
        assertThat(query("tz=").zone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void timesAreIsoWithAZoneLocalInTheZoneOrRelativeToNow() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(query("from=2026-11-25T10:00:00Z").range(berlin).from())
                .contains(Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(query("from=2026-11-25T10:00").range(berlin).from())
                .contains(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(query("to=2026-07-01").range(berlin).to()).contains(Instant.parse("2026-06-30T22:00:00Z"));
        assertThat(query("from=now-24h&to=now").range(berlin))
                .isEqualTo(new TimeRange(Optional.of(NOW.minusSeconds(86_400)), Optional.of(NOW)));
        assertThat(query("from=now%2B1h").range(berlin).from()).contains(NOW.plusSeconds(3_600));
        assertThat(query("before=2026-11-25T10:00").before()).contains(Instant.parse("2026-11-25T10:00:00Z"));
        refused(() -> query("from=yesterday").range(berlin), "from", "yesterday");
        refused(() -> query("from=now&to=now-1d").range(berlin), "from", "is after to");
    }

    @Test
    void zonesAreIanaNamesOrOffsets() {
        assertThat(query("tz=Europe/Berlin").zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(query("tz=%2B02:00").zone()).isEqualTo(ZoneOffset.ofHours(2));
        refused(() -> query("tz=Mars/Olympus").zone(), "tz", "is not a time zone");
    }

    @Test
    void intervalsAndLimitsAreCheckedAsTheApiTakesThem() {
        assertThat(query("interval=15m").interval()).contains(new Interval(15, 'm'));
        assertThat(query("").interval()).isEmpty();
        refused(() -> query("interval=7x").interval(), "interval", "interval '7x' is not a number and a unit");
        refused(() -> query("interval=32d").interval(), "interval", "longer than 31 days");
        assertThat(query("limit=5").limit(20, 200)).isEqualTo(5);
        assertThat(query("").limit(20, 200)).isEqualTo(20);
        List.of("0", "201", "ten").forEach(bad ->
                refused(() -> query("limit=" + bad).limit(20, 200), "limit", "from 1 to 200"));
    }
}
