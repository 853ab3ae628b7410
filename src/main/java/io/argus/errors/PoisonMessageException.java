package io.argus.errors;

/** A message that can never be processed (bad event, missing or undecodable image): it is dead-lettered, not retried. */
public class PoisonMessageException extends RuntimeException {
    public PoisonMessageException(String reason) {
        super(reason);
    }

    public PoisonMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
