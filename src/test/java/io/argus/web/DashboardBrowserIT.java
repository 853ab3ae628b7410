package io.argus.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.bench.RunningArgus;
import io.argus.testing.KnownCounts;
import io.argus.testing.RuntimeUnderTest;
import io.argus.testing.TestPhotos;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.devtools.DevTools;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (Debian's chromium, headless, driven by its chromium-driver) over
 * a known data set and a real image run through the flows: it loads without console errors, its
 * charts show what the API returns, and choosing a label, a range or an interval updates them.
 * Screenshots go to target/dashboard*.png.
 */
class DashboardBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dataDir;

    @RegisterExtension
    final RuntimeUnderTest runtime = new RuntimeUnderTest();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> consoleErrors = new CopyOnWriteArrayList<>();
    private ChromeDriver browser;
    private String base;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theChartsShowWhatTheApiReturnsAndFollowTheChosenLabelRangeAndInterval() throws Exception {
        RunningArgus argus = runtime.start(dataDir, Map.of("argus.batch.scheduled", "false"));
        base = "http://127.0.0.1:" + argus.config().api().port();
        KnownCounts.index(argus);
        Path lab = argus.config().inbox().dir().resolve("lab");
        Files.createDirectories(lab);
        Files.copy(TestPhotos.get("astronaut.png"), lab.resolve("astronaut.png"));
        await().atMost(Duration.ofSeconds(90)).until(() -> api("/api/detections").path("detections").size() == 1);

        open();
        new Select(browser.findElement(By.id("tz"))).selectByValue("UTC");
        waitForRefresh();

        assertThat(new Select(browser.findElement(By.id("label"))).getFirstSelectedOption().getText())
                .as("the label list comes from the data, largest first").isEqualTo("person");
        assertThat(total()).isEqualTo(api("/api/count_specific?label=person").path("count_in_range").asLong())
                .isEqualTo(KnownCounts.sum("person"));
        JsonNode labelCounts = api("/api/label_counts?limit=10");
        List<WebElement> bars = browser.findElements(By.cssSelector("#bars li"));
        assertThat(bars).hasSize(labelCounts.path("labels").size());
        for (int i = 0; i < bars.size(); i++) {
            assertThat(bars.get(i).getAttribute("data-label")).isEqualTo(labelCounts.path("labels").get(i).asText());
            assertThat(Long.parseLong(bars.get(i).getAttribute("data-value")))
                    .isEqualTo(labelCounts.path("counts").get(i).asLong());
        }
        assertThat(JSON.convertValue(labelCounts.path("labels"), List.class)).as("the photo's face counts live")
                .containsExactly("person", "car", "dog", "face");
        // The face, detected now, is live; March is the batch's.
        assertTimelineEquals(api("/api/timeline?label=person&label=car&label=dog&label=face&tz=UTC"));
        assertThat(browser.findElement(By.id("axis-zone")).getText()).contains("UTC");
        assertThat(browser.findElement(By.cssSelector("#timeline")).getText()).contains("Time (UTC)");

        WebElement astronaut = browser.findElement(By.cssSelector("#gallery figure[data-key='images/lab/astronaut.png']"));
        assertThat(astronaut.findElements(By.cssSelector("svg rect[data-label='face']"))).hasSize(1);
        assertThat(((Number) script("return arguments[0].querySelector('img').naturalWidth", astronaut)).intValue())
                .as("the image loaded from /api/images").isEqualTo(512);
        assertThat(browser.findElement(By.id("status")).getText()).contains("elasticsearch up", "kafka up",
                "detection lag: 0", "last batch run: succeeded");
        assertThat(browser.findElement(By.id("confirmed")).getText()).startsWith("Confirmed by the batch until");
        screenshot("dashboard.png");

        new Select(browser.findElement(By.id("label"))).selectByValue("car");
        waitForRefresh();
        assertThat(total()).as("choosing a label").isEqualTo(KnownCounts.sum("car"));

        script("const from = document.getElementById('from'); from.value = '2026-03-28T10:00';"
                + "const to = document.getElementById('to'); to.value = '2026-03-28T14:00';"
                + "from.dispatchEvent(new Event('change')); to.dispatchEvent(new Event('change'));");
        waitForRefresh();
        Instant from = Instant.parse("2026-03-28T10:00:00Z");
        Instant to = Instant.parse("2026-03-28T14:00:00Z");
        assertThat(total()).as("choosing a range").isEqualTo(KnownCounts.sum("car", from, to));
        assertThat(Long.parseLong(browser.findElement(By.cssSelector("#bars li[data-label='dog']"))
                .getAttribute("data-value"))).isEqualTo(KnownCounts.sum("dog", from, to));
        List<String> charted = chartedLabels();
        assertThat(charted).as("the labels of the range").containsExactlyInAnyOrder("person", "car", "dog");
        assertTimelineEquals(api("/api/timeline?label=" + String.join("&label=", charted) + "&tz=UTC"
                + "&from=2026-03-28T10:00&to=2026-03-28T14:00"));

        new Select(browser.findElement(By.id("preset"))).selectByValue("all");
        new Select(browser.findElement(By.id("interval"))).selectByValue("1d");
        waitForRefresh();
        JsonNode daily = api("/api/timeline?label=" + String.join("&label=", chartedLabels()) + "&tz=UTC&interval=1d");
        assertThat(daily.path("person")).as("every day from the known counts to the live face")
                .hasSize((int) java.time.temporal.ChronoUnit.DAYS.between(KnownCounts.FIRST,
                        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS)) + 1);
        assertTimelineEquals(daily);

        browser.manage().window().setSize(new Dimension(390, 844));
        await().atMost(Duration.ofSeconds(5)).until(() -> ((Number) script("return window.innerWidth")).intValue() <= 390);
        assertThat(((Number) script("return document.documentElement.scrollWidth")).intValue())
                .as("no sideways scrolling at phone width").isLessThanOrEqualTo(390);
        screenshot("dashboard-phone.png");

        assertThat(consoleErrors).as("console errors and uncaught exceptions").isEmpty();
    }

    private void open() {
        assertThat(CHROMIUM).as("Debian's chromium (./argus test installs it)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (./argus test installs it)").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).build();
        browser = new ChromeDriver(service, options);
        DevTools devTools = browser.getDevTools();
        devTools.createSession();
        devTools.getDomains().events().addConsoleListener(event -> {
            if ("error".equalsIgnoreCase(event.getType())) {
                consoleErrors.add(event.getMessages().toString());
            }
        });
        devTools.getDomains().events().addJavascriptExceptionListener(e -> consoleErrors.add(e.getMessage()));
        browser.get(base + "/");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> refreshes() > 0
                && ((Number) script("return window.argus.pending")).intValue() == 0);
    }

    /** Waits until the page has finished a refresh started after the last action, and none is under way. */
    private void waitForRefresh() {
        long before = refreshes();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> refreshes() > before
                && ((Number) script("return window.argus.pending")).intValue() == 0);
    }

    private long refreshes() {
        Object count = script("return window.argus ? window.argus.refreshes : 0");
        return ((Number) count).longValue();
    }

    private long total() {
        return Long.parseLong(browser.findElement(By.id("total")).getAttribute("data-value"));
    }

    /** The uPlot chart's data: x in epoch seconds, then one series per label, against the API's answer. */
    @SuppressWarnings("unchecked")
    private void assertTimelineEquals(JsonNode timeline) {
        List<Object> data = (List<Object>) script("return window.argus.timeline.data");
        List<String> labels = new ArrayList<>();
        timeline.fieldNames().forEachRemaining(labels::add);
        assertThat(data).hasSize(labels.size() + 1);
        List<Object> times = (List<Object>) data.get(0);
        JsonNode first = timeline.path(labels.get(0));
        assertThat(times).hasSize(first.size());
        for (int i = 0; i < first.size(); i++) {
            assertThat(((Number) times.get(i)).longValue())
                    .isEqualTo(java.time.OffsetDateTime.parse(first.get(i).path("t").asText()).toEpochSecond());
        }
        // The axis spans the points and one bucket either side, however few the points (not years around one).
        long firstTime = ((Number) times.get(0)).longValue();
        long lastTime = ((Number) times.get(times.size() - 1)).longValue();
        long step = times.size() > 1 ? ((Number) times.get(1)).longValue() - firstTime : 3600;
        assertThat(((Number) script("return window.argus.timeline.scales.x.min")).longValue()).isEqualTo(firstTime - step);
        assertThat(((Number) script("return window.argus.timeline.scales.x.max")).longValue()).isEqualTo(lastTime + step);
        for (int s = 0; s < labels.size(); s++) {
            List<Object> values = (List<Object>) data.get(s + 1);
            JsonNode points = timeline.path(labels.get(s));
            for (int i = 0; i < points.size(); i++) {
                assertThat(((Number) values.get(i)).longValue()).as(labels.get(s) + " point " + i)
                        .isEqualTo(points.get(i).path("y").asLong());
            }
        }
    }

    /** The labels on the chart, in its order. */
    @SuppressWarnings("unchecked")
    private List<String> chartedLabels() {
        return (List<String>) script("return Object.keys(window.argus.data.timeline)");
    }

    private Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
