package io.argus.config;

/**
 * A credential: its text is reached through {@link #value()} only, so that printing or logging a
 * configuration, or anything that carries one, shows the mask instead.
 */
public record Secret(String value) {
    public static final String MASK = "********";

    @Override
    public String toString() {
        return MASK;
    }
}
