package io.argus.bench;

import io.argus.detect.Detector;
import io.argus.detect.OpenCv;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The detector alone, the reference of the detection benchmarks: threads, each with its own detector
 * (warmed up as the runtime warms its workers), over images decoded beforehand.
 */
final class PlainLoop {
    private PlainLoop() {
    }

    record Result(int threads, double imagesPerSecond, double detectionsPerImage, double cpuMillisPerImage) {
    }

    static Result run(Supplier<Detector> factory, List<byte[]> jpegs, int threads) throws Exception {
        OpenCv.load();
        List<Mat> decoded = jpegs.stream().map(jpeg -> Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR))
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Detector> detectors = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                Detector detector = factory.get();
                detectors.add(detector);
                detector.warmUp();
                detector.detect(decoded.get(0));
            }
            CpuTime cpuAtStart = CpuTime.now("");
            long start = System.nanoTime();
            List<Future<Integer>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Detector detector = detectors.get(t);
                int first = t;
                running.add(pool.submit(() -> {
                    int found = 0;
                    for (int i = first; i < decoded.size(); i += threads) {
                        found += detector.detect(decoded.get(i)).size();
                    }
                    return found;
                }));
            }
            int detections = 0;
            for (Future<Integer> future : running) {
                detections += future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Result(threads, decoded.size() / seconds, detections / (double) decoded.size(),
                    CpuTime.now("").minus(cpuAtStart).ownMillis() / decoded.size());
        } finally {
            pool.shutdown();
            detectors.forEach(Detector::close);
            decoded.forEach(Mat::release);
        }
    }

    /** One thread against {@code threads}: the loop is a reference only if this is close to the threads. */
    static String scaling(Result one, Result many) {
        double speedUp = many.imagesPerSecond() / one.imagesPerSecond();
        return String.format("plain loop scaling: 1 thread %.1f images/s (%.1f ms CPU per image), %d threads %.1f"
                        + " images/s: x%.2f (target >= %.2f = 0.85 x %d: %s)", one.imagesPerSecond(),
                one.cpuMillisPerImage(), many.threads(), many.imagesPerSecond(), speedUp, 0.85 * many.threads(),
                many.threads(), speedUp >= 0.85 * many.threads() ? "met" : "missed");
    }
}
