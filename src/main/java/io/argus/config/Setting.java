package io.argus.config;

import java.util.Optional;

/**
 * One setting, declared once in {@link Settings}: its name, how its text is read and checked, its
 * default (as written in application.properties), how likely a user is to set it, and its
 * documentation. {@code shownDefault} says what an empty default stands for ("{@code <data-dir>/inbox}").
 */
public record Setting<T>(String name, ValueType<T> type, String defaultValue, Importance importance,
                         String documentation, Optional<String> shownDefault, boolean secret) {

    /** A setting declared outside {@link Settings}, by a plugin beside its code ({@link DetectorSpec#settings}). */
    public static <T> Setting<T> of(String name, ValueType<T> type, String defaultValue, Importance importance,
                                    String documentation) {
        return new Setting<>(name, type, defaultValue, importance, documentation, Optional.empty(), false);
    }

    /** The value of a text, or {@link InvalidValueException} with what is wrong with it. */
    public T parse(String text) {
        return type.parse(text.trim());
    }

    /** The default's value: every default is valid (SettingsTest). */
    public T defaultParsed() {
        return parse(defaultValue);
    }

    /** {@code argus.s3.secret-key} is read from {@code ARGUS_S3_SECRET_KEY}. */
    public String environmentName() {
        return ConfigSource.environmentName(name);
    }
}
