package io.argus.ingest;

/** A file in the inbox that Argus will not ingest; the message is the reason written next to it. */
public class RejectedFileException extends RuntimeException {
    public RejectedFileException(String reason) {
        super(reason);
    }

    public RejectedFileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
