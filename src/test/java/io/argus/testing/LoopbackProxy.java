package io.argus.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP proxy in front of a real service: each connection a client opens gets one to the
 * service, and a relay each way passes the bytes on. What the relays do on the way makes the proxy
 * ({@link StallingProxy} drops them, {@link CountingProxy} counts requests).
 */
final class LoopbackProxy implements AutoCloseable {
    /** Passes on what one side sends to the other, until the sender closes. */
    @FunctionalInterface
    interface Relay {
        void relay(InputStream from, OutputStream to) throws IOException;
    }

    private final ServerSocket server;
    private final int targetPort;
    private final Relay toService;
    private final Relay toClient;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;

    LoopbackProxy(String name, int targetPort, Relay toService, Relay toClient) throws IOException {
        this.targetPort = targetPort;
        this.toService = toService;
        this.toClient = toClient;
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Copies bytes as they come. */
    static void copy(InputStream from, OutputStream to) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (int read = from.read(buffer); read >= 0; read = from.read(buffer)) {
            to.write(buffer, 0, read);
            to.flush();
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket service = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(service);
                threads.submit(() -> pump(client, service, toService));
                threads.submit(() -> pump(service, client, toClient));
            } catch (IOException e) {
                // closed, or the service refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to, Relay relay) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            relay.relay(in, out);
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.remove(socket);
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(this::closeQuietly);
        threads.shutdownNow();
    }
}
