package io.argus.ingest;

import io.argus.errors.PoisonMessageException;

/** A file in the inbox that Argus will not ingest; the message is the reason written next to it. */
public class RejectedFileException extends PoisonMessageException {
    public RejectedFileException(String reason) {
        super(reason);
    }

    public RejectedFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
