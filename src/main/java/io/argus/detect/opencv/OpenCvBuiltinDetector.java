package io.argus.detect.opencv;

import io.argus.detect.Box;
import io.argus.detect.Detection;
import io.argus.detect.Detector;
import io.argus.detect.OpenCv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.CascadeClassifier;
import org.opencv.objdetect.HOGDescriptor;

/**
 * OpenCV's own detectors, which need no download: Haar/LBP cascades (Debian's opencv-data, in
 * /usr/share/opencv4) mapped to labels, and the built-in HOG people detector as {@code person}.
 * Neither gives a probability; the confidence is a monotonic score in (0, 1): for a cascade the
 * share of neighbouring hits, for HOG the logistic of the SVM margin.
 */
public final class OpenCvBuiltinDetector implements Detector {
    public static final String NAME = "opencv-builtin";
    public static final String HOG_PEOPLE = "hog";

    /**
     * @param models        label → cascade file (relative to {@code cascadeDir}) or {@value #HOG_PEOPLE}
     * @param minNeighbors  cascade hits that must agree; higher means fewer false positives
     * @param minSize       smallest object side in pixels
     * @param hogThreshold  smallest SVM margin for a person
     */
    public record Settings(Path cascadeDir, Map<String, String> models, int minNeighbors, int minSize,
                           double hogThreshold) {

        /**
         * Tuned on the Debian test photos for few false positives: with 15 agreeing cascade hits and an
         * SVM margin of 1.0, astronaut.png yields her face and nothing on her helmet, messi5.jpg no face
         * in the crowd, coffee.png nothing; basketball1.png yields the player and his face.
         */
        public static Settings defaults(Path cascadeDir) {
            Map<String, String> models = new LinkedHashMap<>();
            models.put("person", HOG_PEOPLE);
            models.put("face", "haarcascades/haarcascade_frontalface_alt2.xml");
            models.put("cat", "haarcascades/haarcascade_frontalcatface.xml");
            return new Settings(cascadeDir, models, 15, 30, 1.0);
        }
    }

    private record Cascade(String label, int classId, CascadeClassifier classifier) {
    }

    private final Settings settings;
    private final List<Cascade> cascades = new ArrayList<>();
    private final HOGDescriptor hog;
    private final int hogClassId;
    private final String hogLabel;

    public OpenCvBuiltinDetector(Settings settings) {
        OpenCv.load();
        this.settings = settings;
        HOGDescriptor people = null;
        int peopleId = -1;
        String peopleLabel = null;
        int classId = 0;
        for (Map.Entry<String, String> model : new LinkedHashMap<>(settings.models()).entrySet()) {
            if (HOG_PEOPLE.equals(model.getValue())) {
                people = new HOGDescriptor();
                people.setSVMDetector(HOGDescriptor.getDefaultPeopleDetector());
                peopleId = classId;
                peopleLabel = model.getKey();
            } else {
                Path file = settings.cascadeDir().resolve(model.getValue());
                if (!Files.isReadable(file)) {
                    throw new IllegalStateException("the cascade for '" + model.getKey() + "' is missing: " + file
                            + " (install Debian's opencv-data package, or set the cascade folder)");
                }
                CascadeClassifier classifier = new CascadeClassifier(file.toString());
                if (classifier.empty()) {
                    throw new IllegalStateException("OpenCV cannot load the cascade " + file);
                }
                cascades.add(new Cascade(model.getKey(), classId, classifier));
            }
            classId++;
        }
        this.hog = people;
        this.hogClassId = peopleId;
        this.hogLabel = peopleLabel;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return "opencv-builtin:" + String.join(",", settings.models().values());
    }

    @Override
    public List<Detection> detect(Mat image) {
        List<Detection> detections = new ArrayList<>();
        if (!cascades.isEmpty()) {
            Mat gray = new Mat();
            Imgproc.cvtColor(image, gray, Imgproc.COLOR_BGR2GRAY);
            Imgproc.equalizeHist(gray, gray);
            for (Cascade cascade : cascades) {
                detections.addAll(detectWith(cascade, gray));
            }
            gray.release();
        }
        if (hog != null && image.cols() >= 64 && image.rows() >= 128) {
            detections.addAll(people(image));
        }
        return detections;
    }

    private List<Detection> detectWith(Cascade cascade, Mat gray) {
        MatOfRect found = new MatOfRect();
        MatOfInt neighbours = new MatOfInt();
        Size min = new Size(settings.minSize(), settings.minSize());
        cascade.classifier().detectMultiScale2(gray, found, neighbours, 1.1, settings.minNeighbors(), 0, min, new Size());
        Rect[] rects = found.toArray();
        if (rects.length == 0) {
            return List.of(); // an empty result Mat has a shape MatOfInt cannot read
        }
        int[] counts = neighbours.toArray();
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < rects.length; i++) {
            double confidence = counts[i] / (double) (counts[i] + settings.minNeighbors());
            detections.add(new Detection(cascade.label(), cascade.classId(), confidence, box(rects[i])));
        }
        return detections;
    }

    private List<Detection> people(Mat image) {
        MatOfRect found = new MatOfRect();
        MatOfDouble weights = new MatOfDouble();
        hog.detectMultiScale(image, found, weights, 0, new Size(8, 8), new Size(8, 8), 1.05, 2, false);
        Rect[] rects = found.toArray();
        if (rects.length == 0) {
            return List.of();
        }
        double[] margins = weights.toArray();
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < rects.length; i++) {
            if (margins[i] >= settings.hogThreshold()) {
                detections.add(new Detection(hogLabel, hogClassId, 1 / (1 + Math.exp(-margins[i])), box(rects[i])));
            }
        }
        return detections;
    }

    private static Box box(Rect rect) {
        return new Box(rect.x, rect.y, rect.width, rect.height);
    }
}
