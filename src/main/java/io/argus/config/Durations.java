package io.argus.config;

import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apache.camel.util.TimeUtils;

/** Durations as Argus's settings and options write them: 0, 500ms, 2s, 1m, 1h30m, 1d. */
public final class Durations {
    /** Camel's parser reads what it does not understand as 0 ("abc", "1M"): only this shape goes to it. */
    private static final Pattern SHAPE = Pattern.compile("(\\d+(ms|s|m|h|d)?)+");

    private Durations() {
    }

    /** @return the duration in milliseconds, or empty if the text is not a duration */
    public static OptionalLong millis(String text) {
        if (!SHAPE.matcher(text).matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(TimeUtils.toMilliSeconds(text));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
