package io.argus.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A timeline's bucket width: parsing, calendar or fixed, and the automatic choice. */
class IntervalTest {
    @Test
    void oneOfAUnitIsACalendarIntervalAndSeveralAFixedOne() {
        Interval day = Interval.parse("1d");
        assertThat(day.calendar()).isTrue();
        assertThat(day.duration()).isEqualTo(Duration.ofDays(1));
        Interval quarter = Interval.parse("15m");
        assertThat(quarter.calendar()).isFalse();
        assertThat(quarter.duration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Interval.parse("2w").duration()).isEqualTo(Duration.ofDays(14));
        assertThat(quarter).hasToString("15m");
    }

    @Test
    void textThatIsNotAnIntervalOrLongerThanAMonthIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Interval.parse("0h")).hasMessageContaining("is not a number and a unit");
        assertThatThrownBy(() -> Interval.parse("1y")).hasMessageContaining("m, h, d or w");
        assertThatThrownBy(() -> Interval.parse("h")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Interval.parse("5w")).hasMessage("interval '5w' is longer than 31 days");
        assertThat(Interval.parse("31d").duration()).isEqualTo(Duration.ofDays(31));
    }

    @Test
    void theAutomaticIntervalIsTheShortestThatGivesFewEnoughPointsAndNoShorterThanABucket() {
        assertThat(Interval.automatic(Duration.ofHours(2), Duration.ofMinutes(1), 500)).isEqualTo(new Interval(1, 'm'));
        assertThat(Interval.automatic(Duration.ofDays(1), Duration.ofMinutes(1), 500)).isEqualTo(new Interval(5, 'm'));
        assertThat(Interval.automatic(Duration.ofHours(2), Duration.ofHours(1), 500)).isEqualTo(new Interval(1, 'h'));
        assertThat(Interval.automatic(Duration.ofDays(90), Duration.ofMinutes(1), 500)).isEqualTo(new Interval(6, 'h'));
        assertThat(Interval.automatic(Duration.ofDays(3650), Duration.ofMinutes(1), 500)).as("no candidate is enough")
                .isEqualTo(new Interval(1, 'w'));
    }
}
