package io.argus.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Reads settings through their declarations. A bad value is recorded as a problem naming the
 * setting, and its default is returned instead, so that every problem can be reported at once.
 */
final class SettingsReader {
    private final Properties properties;
    private final List<String> problems = new ArrayList<>();

    SettingsReader(Properties properties) {
        this.properties = properties;
    }

    List<String> problems() {
        return problems;
    }

    <T> T get(Setting<T> setting) {
        try {
            return setting.parse(text(setting));
        } catch (InvalidValueException e) {
            problem(setting, e.getMessage());
            return setting.defaultParsed();
        }
    }

    /** The setting's text as configured, trimmed. */
    String text(Setting<?> setting) {
        return properties.getProperty(setting.name(), setting.defaultValue()).trim();
    }

    /** A problem with the setting's value; a secret's value is never repeated. */
    void problem(Setting<?> setting, String what) {
        problems.add(setting.name() + ": " + what + (setting.secret() ? "" : " (got '" + text(setting) + "')"));
    }
}
