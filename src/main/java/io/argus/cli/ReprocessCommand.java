package io.argus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.ingest.ImagesControl;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code argus reprocess}: asks the running Argus (over Jolokia on its monitoring port, loopback by
 * default) to publish the image events of stored images again, so they are detected again.
 */
@Command(name = "reprocess", description = "Detects the images already in S3 again (in the running Argus): their"
        + " new metadata replaces the old under the same keys, and the next batch run corrects the counts.")
final class ReprocessCommand implements Callable<Integer> {
    @CommandLine.Mixin
    Argus.ConfigOption config = new Argus.ConfigOption();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "PATH",
            description = "Only images under this path below images/ (e.g. cam-north/).")
    String prefix;

    @Option(names = "--since", defaultValue = "", paramLabel = "TIME",
            description = "Only images stored at or after this UTC time or date (2026-11-30T08:00:00Z, 2026-11-30).")
    String since;

    @Override
    public Integer call() throws IOException, InterruptedException {
        try {
            ImagesControl.instant(since);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ArgusConfig.Monitor monitor = ArgusConfig.from(config.load()).monitor();
        if (!monitor.jolokia()) {
            throw new IllegalStateException("argus.monitor.jolokia is false: call the operation reprocess of the MBean"
                    + " io.argus:type=Images over JMX instead");
        }
        URI jolokia = URI.create("http://" + monitor.host() + ":" + monitor.port() + "/observe/jolokia");
        ObjectMapper json = new ObjectMapper();
        byte[] request = json.writeValueAsBytes(Map.of("type", "exec", "mbean", "io.argus:type=Images",
                "operation", "reprocess", "arguments", List.of(prefix, since)));
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(jolokia).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("no Argus answers at " + jolokia + " (" + e + "): start it with ./argus run",
                    e);
        }
        JsonNode answer = json.readTree(response.body());
        if (answer.path("status").asInt() != 200) {
            throw new IllegalStateException("reprocessing failed: " + answer.path("error").asText(response.body()));
        }
        System.out.println("Published " + answer.path("value").asInt() + " image events; the detections replace the"
                + " old ones as they are made, and the next batch run recounts.");
        return 0;
    }
}
