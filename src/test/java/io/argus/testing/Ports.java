package io.argus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for the tests' servers. */
public final class Ports {
    private Ports() {
    }

    /** A port nobody listens on now, for a server that needs its port before it starts. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
