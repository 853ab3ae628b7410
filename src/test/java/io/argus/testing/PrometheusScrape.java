package io.argus.testing;

import io.argus.bench.RunningArgus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A runtime's Prometheus metrics, as a scraper reads them from the monitoring server. */
public final class PrometheusScrape {
    private PrometheusScrape() {
    }

    public static String scrape(RunningArgus argus) throws IOException, InterruptedException {
        URI metrics = URI.create("http://127.0.0.1:" + argus.config().monitor().port() + "/observe/metrics");
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of the series {@code name} whose labels include {@code label} (e.g. {@code kind="request"}); 0 when absent. */
    public static double value(RunningArgus argus, String name, String label) throws IOException, InterruptedException {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label)
                + "[^}]*\\} (\\S+)$").matcher(scrape(argus));
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
