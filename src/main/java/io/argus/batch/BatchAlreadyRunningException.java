package io.argus.batch;

/** A batch run was asked for while one is going; runs never overlap. */
public final class BatchAlreadyRunningException extends RuntimeException {
    public BatchAlreadyRunningException() {
        super("a batch run is already going; runs never overlap");
    }

    /** Another runtime's run, by the lease it holds. */
    public BatchAlreadyRunningException(String owner, java.time.Instant leaseEnds) {
        super("a batch run is already going on " + owner + " (its lease ends " + leaseEnds
                + " unless renewed); runs never overlap");
    }
}
