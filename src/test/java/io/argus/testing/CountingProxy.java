package io.argus.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A loopback proxy in front of a real HTTP/1.1 service that keeps the request line of every request
 * passing through ({@code GET /bucket/key?list-type=2&max-keys=5}): what the service was asked,
 * whichever client asked it and however it reuses connections. It reads each request's head and
 * passes its body on by its Content-Length or its chunks; answers go back untouched.
 */
public final class CountingProxy implements AutoCloseable {
    /** A step of a test whose requests are counted. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final LoopbackProxy proxy;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    public CountingProxy(int targetPort) throws IOException {
        this.proxy = new LoopbackProxy("counting-proxy", targetPort, this::passRequests, LoopbackProxy::copy);
    }

    public int port() {
        return proxy.port();
    }

    /** The requests that reached the service while the action ran, in the order they came. */
    public List<String> requestsDuring(Action action) throws Exception {
        int before = requests.size();
        action.run();
        synchronized (requests) {
            return List.copyOf(requests.subList(before, requests.size()));
        }
    }

    private void passRequests(InputStream from, OutputStream to) throws IOException {
        InputStream in = new BufferedInputStream(from);
        for (String head = head(in); head != null; head = head(in)) {
            String[] lines = head.split("\r\n");
            // Kept before it goes on: the answer cannot come back before the request is counted.
            requests.add(lines[0].substring(0, lines[0].lastIndexOf(' ')));
            to.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (header(lines, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
                passChunks(in, to);
            } else {
                String length = header(lines, "content-length");
                pass(in, to, length.isEmpty() ? 0 : Long.parseLong(length));
            }
            to.flush();
        }
    }

    /** A request's head, its blank line included; null when the client closed between requests. */
    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            head.write(b);
            last4 = last4 << 8 | b;
            if (last4 == ('\r' << 24 | '\n' << 16 | '\r' << 8 | '\n')) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        if (head.size() == 0) {
            return null;
        }
        throw new EOFException("the client closed in the middle of a request's head");
    }

    private static String header(String[] lines, String name) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase(name)) {
                return lines[i].substring(colon + 1).trim();
            }
        }
        return "";
    }

    /** Chunks, each a hexadecimal size line and that many bytes, until a size of 0 and the trailers. */
    private static void passChunks(InputStream in, OutputStream to) throws IOException {
        for (String size = line(in, to); ; size = line(in, to)) {
            long bytes = Long.parseLong(size.split(";", 2)[0].trim(), 16);
            if (bytes == 0) {
                while (!line(in, to).isEmpty()) {
                    // a trailer
                }
                return;
            }
            pass(in, to, bytes + 2);
        }
    }

    /** A line passed on; what it says, without its CRLF. */
    private static String line(InputStream in, OutputStream to) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            to.write(b);
            if (b == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) b);
        }
        throw new EOFException("the client closed in the middle of a chunked body");
    }

    private static void pass(InputStream in, OutputStream to, long bytes) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        for (long left = bytes; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("the client closed in the middle of a body");
            }
            to.write(buffer, 0, read);
            left -= read;
        }
    }

    @Override
    public void close() throws IOException {
        proxy.close();
    }
}
