package io.argus.models;

/** A model that could not be installed; the message says why and what to do, and nothing was left behind. */
public final class ModelInstallException extends IllegalStateException {
    public ModelInstallException(String message) {
        super(message);
    }

    public ModelInstallException(String message, Throwable cause) {
        super(message, cause);
    }
}
