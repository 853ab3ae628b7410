package io.argus.index;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A timeline's bucket width, as the API takes it: {@code 1m}, {@code 15m}, {@code 1h}, {@code 1d},
 * {@code 1w}. One of a unit is a calendar interval (a day in the chosen zone is a calendar day, 23 or
 * 25 hours across a daylight-saving change); several are fixed ones.
 */
public record Interval(int amount, char unit) {
    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,3})([mhdw])");
    private static final Duration LONGEST = Duration.ofDays(31);
    /** Candidates for the automatic interval, shortest first. */
    private static final List<Interval> AUTOMATIC = List.of(new Interval(1, 'm'), new Interval(5, 'm'),
            new Interval(15, 'm'), new Interval(30, 'm'), new Interval(1, 'h'), new Interval(3, 'h'),
            new Interval(6, 'h'), new Interval(12, 'h'), new Interval(1, 'd'), new Interval(1, 'w'));

    /** @throws IllegalArgumentException saying what is wrong with the text */
    public static Interval parse(String text) {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("interval '" + text
                    + "' is not a number and a unit m, h, d or w, from 1m to 31d (e.g. 1m, 15m, 1h, 1d)");
        }
        Interval interval = new Interval(Integer.parseInt(matcher.group(1)), matcher.group(2).charAt(0));
        if (interval.duration().compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("interval '" + text + "' is longer than 31 days");
        }
        return interval;
    }

    /** The shortest candidate, no shorter than {@code atLeast}, that cuts {@code span} into at most {@code buckets}. */
    public static Interval automatic(Duration span, Duration atLeast, int buckets) {
        for (Interval candidate : AUTOMATIC) {
            if (candidate.duration().compareTo(atLeast) >= 0
                    && span.dividedBy(candidate.duration()) < buckets) {
                return candidate;
            }
        }
        return AUTOMATIC.get(AUTOMATIC.size() - 1);
    }

    public Duration duration() {
        return switch (unit) {
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> Duration.ofDays(7L * amount);
        };
    }

    public boolean calendar() {
        return amount == 1;
    }

    @Override
    public String toString() {
        return amount + String.valueOf(unit);
    }
}
