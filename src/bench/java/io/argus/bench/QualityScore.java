package io.argus.bench;

import io.argus.detect.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Precision and recall at an IoU threshold, per class and overall, as detection benchmarks count
 * them: each detection, most confident first, claims the best-overlapping unclaimed object whose label
 * it names (a true positive); one that claims none is a false positive, unless it lies on an ignored
 * object; objects nobody claimed are false negatives. Detections of labels the set does not use
 * (the built-in detector's "face") are not scored.
 */
public final class QualityScore {
    /** The counts of one class. */
    public record Counts(int truePositives, int falsePositives, int falseNegatives) {
        Counts plus(Counts other) {
            return new Counts(truePositives + other.truePositives, falsePositives + other.falsePositives,
                    falseNegatives + other.falseNegatives);
        }

        public double precision() {
            int detected = truePositives + falsePositives;
            return detected == 0 ? Double.NaN : (double) truePositives / detected;
        }

        public double recall() {
            int objects = truePositives + falseNegatives;
            return objects == 0 ? Double.NaN : (double) truePositives / objects;
        }
    }

    private final double iouThreshold;
    private final Set<String> vocabulary;
    private final Map<String, Counts> byClass = new TreeMap<>();
    private int unscored;

    public QualityScore(double iouThreshold, Set<String> vocabulary) {
        this.iouThreshold = iouThreshold;
        this.vocabulary = vocabulary;
    }

    /** Scores one image's detections; answers the objects that were not found. */
    public List<LabelledSet.Truth> add(LabelledSet.Image image, List<Detection> detections) {
        List<LabelledSet.Truth> unclaimed = new ArrayList<>(image.objects());
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::confidence).reversed());
        for (Detection detection : sorted) {
            if (!vocabulary.contains(detection.label())) {
                unscored++;
                continue;
            }
            LabelledSet.Truth best = null;
            double bestIou = iouThreshold;
            for (LabelledSet.Truth truth : unclaimed) {
                double iou = truth.box().iou(detection.box());
                if (truth.accepts(detection.label()) && iou >= bestIou) {
                    best = truth;
                    bestIou = iou;
                }
            }
            if (best != null) {
                unclaimed.remove(best);
                count(best.label(), new Counts(1, 0, 0));
            } else if (image.ignore().stream().noneMatch(ignored -> ignored.box().iou(detection.box()) >= iouThreshold)) {
                count(detection.label(), new Counts(0, 1, 0));
            }
        }
        unclaimed.forEach(truth -> count(truth.label(), new Counts(0, 0, 1)));
        return unclaimed;
    }

    private void count(String label, Counts counts) {
        byClass.merge(label, counts, Counts::plus);
    }

    public Map<String, Counts> byClass() {
        return byClass;
    }

    public Counts overall() {
        return byClass.values().stream().reduce(new Counts(0, 0, 0), Counts::plus);
    }

    /** Detections of labels outside the set's vocabulary. */
    public int unscored() {
        return unscored;
    }
}
