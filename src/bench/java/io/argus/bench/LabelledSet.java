package io.argus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.detect.Box;
import io.argus.detect.OpenCv;
import io.argus.ingest.VideoFrames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Photos and video frames with their objects' boxes read off by eye (a JSON file), to measure a
 * detector's precision and recall. The images themselves come from Debian packages at set-up.
 */
public record LabelledSet(List<Image> images) {

    /** An object in an image; {@code also} lists other labels that name it correctly (a pickup: truck or car). */
    public record Truth(String label, Box box, List<String> also) {
        public boolean accepts(String detected) {
            return label.equals(detected) || also.contains(detected);
        }
    }

    /** A photo, or with {@code frame} set, that frame of a video; {@code ignore}d objects count neither way. */
    public record Image(String file, OptionalInt frame, List<Truth> objects, List<Truth> ignore) {
        public String name() {
            return frame.isPresent() ? file + "#" + frame.getAsInt() : file;
        }

        /** The image decoded as the detectors take it (8-bit BGR). */
        public Mat load(Path dataDir) {
            OpenCv.load();
            Path path = dataDir.resolve(file);
            if (!Files.isReadable(path)) {
                throw new IllegalStateException(path + " is missing: ./argus test fetches the labelled images"
                        + " from Debian packages into that folder");
            }
            if (frame.isEmpty()) {
                return Imgcodecs.imread(path.toString());
            }
            // Every frame at up to 100 fps, to reach the labelled one by its number.
            try (VideoFrames frames = VideoFrames.open(path, Duration.ofMillis(10))) {
                while (frames.hasNext()) {
                    VideoFrames.Frame next = frames.next();
                    if (next.number() == frame.getAsInt()) {
                        return Imgcodecs.imdecode(new MatOfByte(next.jpeg()), Imgcodecs.IMREAD_COLOR);
                    }
                }
            }
            throw new IllegalStateException(file + " has no frame " + frame.getAsInt());
        }
    }

    /** Where `./argus test` fetches the images: $ARGUS_TEST_DATA, else ~/.cache/argus/test-data. */
    public static Path defaultFolder() {
        String configured = System.getenv("ARGUS_TEST_DATA");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "argus", "test-data");
    }

    public static LabelledSet read(Path json) {
        try {
            List<Image> images = new ArrayList<>();
            for (JsonNode image : new ObjectMapper().readTree(json.toFile()).path("images")) {
                images.add(new Image(image.path("image").asText(),
                        image.has("frame") ? OptionalInt.of(image.get("frame").asInt()) : OptionalInt.empty(),
                        truths(image.path("objects")), truths(image.path("ignore"))));
            }
            return new LabelledSet(images);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the labelled set " + json, e);
        }
    }

    private static List<Truth> truths(JsonNode objects) {
        List<Truth> truths = new ArrayList<>();
        for (JsonNode object : objects) {
            JsonNode box = object.path("box");
            List<String> also = new ArrayList<>();
            object.path("also").forEach(label -> also.add(label.asText()));
            truths.add(new Truth(object.path("label").asText(), new Box(box.get(0).asInt(), box.get(1).asInt(),
                    box.get(2).asInt(), box.get(3).asInt()), also));
        }
        return truths;
    }

    public Image image(String name) {
        return images.stream().filter(image -> image.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no image " + name + " in the labelled set"));
    }
}
