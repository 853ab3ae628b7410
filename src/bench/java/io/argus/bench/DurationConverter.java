package io.argus.bench;

import io.argus.config.Durations;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A benchmark option's duration written as the settings write them: 500ms, 60s, 2m. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        OptionalLong millis = Durations.millis(value);
        if (millis.isEmpty()) {
            throw new TypeConversionException("'" + value + "' is not a duration such as 0, 500ms, 60s or 2m");
        }
        return Duration.ofMillis(millis.getAsLong());
    }
}
