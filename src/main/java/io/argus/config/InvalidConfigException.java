package io.argus.config;

import java.util.List;

/** Start-up stops with this: every problem names the property and what is wrong with its value. */
public class InvalidConfigException extends RuntimeException {
    private final List<String> problems;

    public InvalidConfigException(List<String> problems) {
        super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
