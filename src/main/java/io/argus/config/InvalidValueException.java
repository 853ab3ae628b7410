package io.argus.config;

/** What is wrong with a setting's value, worded to follow its name: "must be between 1 and 256". */
public final class InvalidValueException extends IllegalArgumentException {
    public InvalidValueException(String problem) {
        super(problem);
    }
}
