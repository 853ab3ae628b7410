package io.argus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A loopback TCP proxy in front of a real service that can be told to stall: it keeps accepting
 * connections and reading what clients send, and answers nothing, on new connections and open ones
 * alike. That is a hung server whose port is still open (a process stopped, a full disk, a GC
 * pause), the case where a client without a deadline waits forever.
 */
public final class StallingProxy implements AutoCloseable {
    private final LoopbackProxy proxy;
    private volatile boolean stalled;

    public StallingProxy(int targetPort) throws IOException {
        this.proxy = new LoopbackProxy("stalling-proxy", targetPort, this::passUnlessStalled, this::passUnlessStalled);
    }

    public int port() {
        return proxy.port();
    }

    /** From now on nothing reaches the service and nothing comes back. */
    public void stall() {
        stalled = true;
    }

    public void resume() {
        stalled = false;
    }

    /** Copies bytes from one side to the other, or drops them while stalled. */
    private void passUnlessStalled(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
            if (!stalled) {
                to.write(buffer, 0, read);
                to.flush();
            }
        }
    }

    @Override
    public void close() throws IOException {
        proxy.close();
    }
}
