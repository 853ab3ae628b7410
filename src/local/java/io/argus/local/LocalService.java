package io.argus.local;

/** A running local service and the address clients use to reach it. */
public record LocalService(String name, String address, SupervisedProcess process) implements AutoCloseable {
    @Override
    public void close() {
        process.close();
    }
}
