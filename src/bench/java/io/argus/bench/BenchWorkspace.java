package io.argus.bench;

import io.argus.config.ArgusConfig;
import io.argus.config.ConfigSource;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** A throw-away folder for one benchmark run, with settings for a runtime on its own local services. */
final class BenchWorkspace implements AutoCloseable {
    private final Path folder;

    BenchWorkspace(String name) throws IOException {
        // Readable by all: when run as root, the local Elasticsearch runs as an unprivileged user.
        this.folder = Files.createTempDirectory("argus-bench-" + name,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    Path folder() {
        return folder;
    }

    /**
     * The defaults, untouched by this machine's environment, with a fresh data directory, free ports
     * and no batch schedule.
     */
    Properties settings() {
        Properties settings = ConfigSource.load(Optional.empty(), Map.of(), new Properties());
        settings.setProperty("argus.data-dir", folder.resolve("data").toString());
        // The models installed for this machine's Argus, so that the default detector is the one users get.
        settings.setProperty("argus.models.dir",
                ArgusConfig.from(ConfigSource.load(Optional.empty())).detect().modelsDir().toString());
        settings.setProperty("argus.local.kafka.port", "0");
        settings.setProperty("argus.local.s3.port", "0");
        settings.setProperty("argus.local.elasticsearch.port", "0");
        // A scheduled batch run in the middle of a measurement would take the CPU the benchmark measures.
        settings.setProperty("argus.batch.scheduled", "false");
        return settings;
    }

    /** A JPEG of coloured rectangles and ovals, different for every call of the same generator. */
    static byte[] syntheticJpeg(Random random, int width, int height, int shapes) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(0xffffff)));
        g.fillRect(0, 0, width, height);
        for (int s = 0; s < shapes; s++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            int w = 10 + random.nextInt(width / 4);
            int h = 10 + random.nextInt(height / 2);
            if (s % 2 == 0) {
                g.fillRect(random.nextInt(width - w), random.nextInt(height - h), w, h);
            } else {
                g.fillOval(random.nextInt(width - w), random.nextInt(height - h), w, h);
            }
        }
        g.dispose();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
