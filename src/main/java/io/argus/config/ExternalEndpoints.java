package io.argus.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Start-up fails fast, naming the property, when a configured external service cannot be reached. */
public final class ExternalEndpoints {
    private static final int TIMEOUT_MS = 3000;

    private ExternalEndpoints() {
    }

    public static void verify(ArgusConfig config) {
        List<String> problems = new ArrayList<>();
        config.kafka().bootstrapServers().ifPresent(servers -> {
            List<String> failures = new ArrayList<>();
            for (String server : servers.split(",")) {
                String[] hostPort = server.trim().split(":");
                connect(hostPort[0], Integer.parseInt(hostPort[1])).ifPresent(failures::add);
            }
            if (failures.size() == servers.split(",").length) {
                problems.add("argus.kafka.bootstrap-servers: no broker can be reached (" + String.join("; ", failures) + ")");
            }
        });
        config.s3().endpoint().flatMap(ExternalEndpoints::connect)
                .ifPresent(failure -> problems.add("argus.s3.endpoint: cannot be reached (" + failure + ")"));
        config.elasticsearch().url().flatMap(ExternalEndpoints::connect)
                .ifPresent(failure -> problems.add("argus.elasticsearch.url: cannot be reached (" + failure + ")"));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    private static java.util.Optional<String> connect(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return connect(uri.getHost(), port);
    }

    private static java.util.Optional<String> connect(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            return java.util.Optional.empty();
        } catch (IOException e) {
            return java.util.Optional.of(host + ":" + port + ": " + e.getMessage());
        }
    }
}
