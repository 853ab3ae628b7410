package io.argus.batch;

/** A batch run was asked for while one is going; runs never overlap. */
public final class BatchAlreadyRunningException extends RuntimeException {
    public BatchAlreadyRunningException() {
        super("a batch run is already going; runs never overlap");
    }
}
