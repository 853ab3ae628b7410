package io.argus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.testing.TestModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code argus config}: the effective value of every setting with its source, and never a secret. */
class ConfigCommandTest {
    private static final String SECRET = "a-secret-key-nobody-may-see";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void clearSystemProperty() {
        System.clearProperty("argus.api.port");
    }

    @Test
    void printsEachValueWithItsSourceAndMasksSecrets() throws IOException {
        Path file = dir.resolve("argus.properties");
        Files.writeString(file, "argus.s3.bucket=from-the-file\nargus.s3.access-key=AKIAEXAMPLE\n"
                + "argus.s3.secret-key=" + SECRET + "\n");
        System.setProperty("argus.api.port", "5077");

        assertThat(run("--config", file.toString())).isZero();

        assertThat(line("argus.s3.bucket")).endsWith("= from-the-file  (" + file + ")");
        assertThat(line("argus.api.port")).endsWith("= 5077  (-Dargus.api.port)");
        assertThat(line("argus.batch.cron")).endsWith("= 0 0/10 * * * ?  (default)");
        assertThat(line("argus.s3.secret-key")).endsWith("= " + ConfigCommand.MASK + "  (" + file + ")");
        assertThat(out.toString()).doesNotContain(SECRET).doesNotContain("AKIAEXAMPLE");
        assertThat(out.toString().lines()).hasSize(io.argus.config.Settings.all().size());
    }

    @Test
    void changedListsOnlyWhatDiffersFromTheDefaults() throws IOException {
        Path file = dir.resolve("argus.properties");
        Files.writeString(file, "argus.s3.bucket=from-the-file\n");

        assertThat(run("--config", file.toString(), "--changed")).isZero();

        assertThat(out.toString().lines()).singleElement().asString().startsWith("argus.s3.bucket ");
    }

    @Test
    void reportsEveryProblemAfterTheValues() throws IOException {
        Path file = dir.resolve("argus.properties");
        Files.writeString(file, "argus.ingest.workers=many\nargus.s3.bucket=Not_A_Bucket\n");

        assertThat(run("--config", file.toString())).isEqualTo(2);

        assertThat(line("argus.ingest.workers")).contains("= many");
        assertThat(err.toString()).contains("argus.ingest.workers: is not a whole number (got 'many')",
                "argus.s3.bucket: is not a valid S3 bucket name");
    }

    @Test
    void reportsAnInstalledModelThatFailsItsChecksum() throws IOException {
        Path models = TestModels.damaged(dir);
        Path file = Files.writeString(dir.resolve("argus.properties"), "argus.models.dir=" + models + "\n");

        assertThat(run("--config", file.toString())).isEqualTo(2);

        assertThat(err.toString()).contains("argus.detect.detector: the model centernet in "
                + models.resolve("centernet") + " is damaged (centernet.json has SHA-256 ");
    }

    private int run(String... args) {
        CommandLine command = new CommandLine(new ConfigCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private String line(String setting) {
        return out.toString().lines().filter(line -> line.startsWith(setting + " ")).findFirst().orElseThrow();
    }
}
