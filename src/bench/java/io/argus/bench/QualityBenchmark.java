package io.argus.bench;

import io.argus.config.ArgusConfig;
import io.argus.config.ConfigSource;
import io.argus.detect.Detection;
import io.argus.detect.Detector;
import io.argus.detect.Detectors;
import io.argus.models.ModelCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Detection quality on a labelled set of real photos and video frames: precision and recall at IoU
 * 0.5 per class and overall, for each detector, with the detectors' settings as configured.
 */
@Command(name = "quality", description = "Precision and recall of the detectors on a labelled set of real images.")
public final class QualityBenchmark implements Callable<Integer> {
    private static final double IOU = 0.5;

    @Option(names = "--labels", defaultValue = "src/test/resources/quality/labels.json",
            description = "The labelled set (default: ${DEFAULT-VALUE}).")
    Path labels;

    @Option(names = "--images", description = "Where its images are (default: $ARGUS_TEST_DATA, else"
            + " ~/.cache/argus/test-data, where ./argus test fetches them).")
    Path images;

    @Option(names = "--detectors", split = ",", defaultValue = "opencv-builtin,centernet",
            description = "The detectors to score, as argus.detect.detector names them; yolo-darknet and yolo-onnx take"
                    + " their files from argus.detect.yolo.* (default: ${DEFAULT-VALUE}).")
    List<String> detectors;

    @Override
    public Integer call() {
        LabelledSet set = LabelledSet.read(labels);
        Path folder = Optional.ofNullable(images).orElseGet(LabelledSet::defaultFolder);
        Set<String> vocabulary = new HashSet<>(ModelCatalog.COCO);
        Map<LabelledSet.Image, Mat> decoded = new java.util.LinkedHashMap<>();
        set.images().forEach(image -> decoded.put(image, image.load(folder)));
        int objects = set.images().stream().mapToInt(image -> image.objects().size()).sum();
        System.out.printf("Detection quality: %d images, %d labelled objects (%s), IoU >= %.1f%n", decoded.size(),
                objects, labels, IOU);
        for (String name : detectors) {
            Properties settings = ConfigSource.load(Optional.empty());
            settings.setProperty("argus.detect.detector", name);
            settings.setProperty("argus.detect.workers", "1");
            ArgusConfig.Detect config = ArgusConfig.from(settings).detect();
            QualityScore score = new QualityScore(IOU, vocabulary);
            List<String> missed = new ArrayList<>();
            List<Double> millis = new ArrayList<>();
            try (Detector detector = Detectors.factory(config).get()) {
                for (Map.Entry<LabelledSet.Image, Mat> image : decoded.entrySet()) {
                    long start = System.nanoTime();
                    List<Detection> found = detector.detect(image.getValue()).stream()
                            .filter(d -> config.keeps(d.label(), d.confidence())).toList();
                    millis.add((System.nanoTime() - start) / 1e6);
                    score.add(image.getKey(), found).forEach(truth -> missed.add(image.getKey().name() + " "
                            + truth.label()));
                }
            }
            print(name, config, score, millis, missed);
        }
        return 0;
    }

    private static void print(String name, ArgusConfig.Detect config, QualityScore score, List<Double> millis,
                              List<String> missed) {
        // The first image also pays for the detector's first run (memory, lazily built kernels).
        List<Double> warm = millis.subList(1, millis.size()).stream().sorted().toList();
        System.out.printf("%n%s (confidence >= %.2f, NMS %.2f): %.0f ms per image on one thread (median; the first"
                        + " image %.0f ms)%n", name, config.confidenceThreshold(), config.nmsThreshold(),
                warm.isEmpty() ? millis.get(0) : warm.get(warm.size() / 2), millis.get(0));
        System.out.printf("  %-14s %7s %10s %4s %4s %4s %9s %7s%n", "class", "objects", "detections", "TP", "FP",
                "FN", "precision", "recall");
        score.byClass().forEach((label, counts) -> row(label, counts));
        row("overall", score.overall());
        if (score.unscored() > 0) {
            System.out.printf("  (%d detections of labels the set does not use, e.g. faces, not scored)%n",
                    score.unscored());
        }
        System.out.println("  missed: " + (missed.isEmpty() ? "nothing" : String.join(", ", missed)));
    }

    private static void row(String label, QualityScore.Counts counts) {
        System.out.printf("  %-14s %7d %10d %4d %4d %4d %9s %7s%n", label,
                counts.truePositives() + counts.falseNegatives(), counts.truePositives() + counts.falsePositives(),
                counts.truePositives(), counts.falsePositives(), counts.falseNegatives(), ratio(counts.precision()),
                ratio(counts.recall()));
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.2f", value);
    }
}
