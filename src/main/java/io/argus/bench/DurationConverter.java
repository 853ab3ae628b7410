package io.argus.bench;

import io.argus.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A benchmark option's duration written as the settings write them: 500ms, 60s, 2m. */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return Durations.millis(value).stream().mapToObj(Duration::ofMillis).findFirst().orElseThrow(() ->
                new TypeConversionException("'" + value + "' is not a duration such as 0, 500ms, 60s or 2m"));
    }
}
