package io.argus.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bench.RandomDarknetWeights;
import io.argus.detect.centernet.CenterNetDetector;
import io.argus.detect.yolo.YoloDarknetDetector;
import io.argus.models.ModelCatalog;
import io.argus.testing.TestModels;
import io.argus.testing.TestPhotos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Two workers detect two images at once: both worker threads are seen running (Linux's state R,
 * running or waiting only for a core) inside the engine's native run at the same instant. A worker
 * waiting for another thread to run its graph sleeps in that call instead (state S), which is how
 * every worker's images once queued behind one TensorFlow thread.
 */
class DetectorConcurrencyTest {
    /** Instants with both workers running inside the engine; one could be a coincidence of a sample. */
    private static final int INSTANTS_REQUIRED = 5;
    private static final int MAX_SAMPLES = 4000;

    @TempDir
    Path folder;

    @BeforeAll
    static void loadOpenCv() {
        OpenCv.load();
    }

    @Test
    void twoCenterNetWorkersRunTheirGraphsAtTheSameTime() throws Exception {
        Supplier<Detector> factory = () -> new CenterNetDetector(new CenterNetDetector.Settings(TestModels.centerNet(),
                ModelCatalog.COCO, 0.3, 0.4, 1));
        assertThat(instantsBothRunning(factory, "TF_SessionRun")).isGreaterThanOrEqualTo(INSTANTS_REQUIRED);
    }

    @Test
    void twoDarknetWorkersRunTheirNetworksAtTheSameTime() throws Exception {
        Path cfg = TestPhotos.get("yolov3-tiny.cfg");
        Path weights = RandomDarknetWeights.write(cfg, folder.resolve("random.weights"), 7);
        Supplier<Detector> factory = () -> new YoloDarknetDetector(new YoloDarknetDetector.Settings(cfg, weights,
                TestPhotos.get("coco.names"), 416, 416, 0.5, 0.4));
        // As the runtime sets it for two workers on two cores: one thread per image.
        int threadsBefore = Core.getNumThreads();
        Core.setNumThreads(1);
        try {
            assertThat(instantsBothRunning(factory, "Net.forward")).isGreaterThanOrEqualTo(INSTANTS_REQUIRED);
        } finally {
            Core.setNumThreads(threadsBefore);
        }
    }

    /**
     * Two worker threads detect through a pool of two detectors, as the detect route's consumers
     * do, while their states and stacks are sampled: the instants at which both were running
     * inside the engine's native call named by {@code engineFrame}.
     */
    private static int instantsBothRunning(Supplier<Detector> factory, String engineFrame) throws Exception {
        Mat image = Imgcodecs.imread(TestPhotos.get("dog.jpg").toString());
        List<String> names = List.of("argus-lane-a", "argus-lane-b");
        try (DetectorPool pool = new DetectorPool(factory, 2)) {
            List<Thread> lanes = names.stream().map(name -> new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    pool.use(detector -> detector.detect(image));
                }
            }, name)).toList();
            lanes.forEach(Thread::start);
            try {
                Map<String, Path> tasks = nativeTasks(names);
                int instants = 0;
                for (int sample = 0; sample < MAX_SAMPLES && instants < INSTANTS_REQUIRED; sample++) {
                    boolean both = true;
                    for (Thread lane : lanes) {
                        // In the call before and after the state is read, so the state is the call's.
                        both &= inside(lane, engineFrame) && running(tasks.get(lane.getName()))
                                && inside(lane, engineFrame);
                    }
                    instants += both ? 1 : 0;
                    Thread.sleep(2);
                }
                return instants;
            } finally {
                lanes.forEach(Thread::interrupt);
                for (Thread lane : lanes) {
                    lane.join();
                }
            }
        } finally {
            image.release();
        }
    }

    private static boolean inside(Thread lane, String engineFrame) {
        return Arrays.stream(lane.getStackTrace()).limit(6)
                .anyMatch(frame -> (frame.getClassName() + "." + frame.getMethodName()).contains(engineFrame)
                        || frame.getMethodName().contains(engineFrame));
    }

    /**
     * The kernel's task of each named Java thread: HotSpot gives a thread's task its Java name once the
     * thread runs, a moment after it started.
     */
    private static Map<String, Path> nativeTasks(List<String> names) throws Exception {
        Map<String, Path> tasks = new HashMap<>();
        for (int attempt = 0; attempt < 100 && tasks.size() < names.size(); attempt++) {
            Thread.sleep(10);
            try (Stream<Path> all = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : all.toList()) {
                    readComm(task).filter(names::contains).ifPresent(name -> tasks.put(name, task));
                }
            }
        }
        assertThat(tasks).as("the workers' tasks in /proc/self/task").containsOnlyKeys(names);
        return tasks;
    }

    private static Optional<String> readComm(Path task) {
        try {
            return Optional.of(Files.readString(task.resolve("comm")).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the task is running or ready to run (R), not sleeping in a wait (S). */
    private static boolean running(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'R';
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
