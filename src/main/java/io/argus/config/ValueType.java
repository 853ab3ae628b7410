package io.argus.config;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * How a setting's text becomes a value, and what it accepts: the type and the validator of a
 * {@link Setting} in one. {@link #parse} throws {@link InvalidValueException} with what is wrong,
 * written to follow the setting's name ("argus.x: must be …").
 */
@FunctionalInterface
public interface ValueType<T> {

    /** The value of trimmed, non-null text. */
    T parse(String text);

    /** The same values, with one more condition on them. */
    default ValueType<T> that(Predicate<T> condition, String problem) {
        return text -> {
            T value = parse(text);
            if (!condition.test(value)) {
                throw new InvalidValueException(problem);
            }
            return value;
        };
    }

    /** Empty text is "not set"; any other text must be a value of this type. */
    default ValueType<Optional<T>> optional() {
        return text -> text.isEmpty() ? Optional.empty() : Optional.of(parse(text));
    }
}
