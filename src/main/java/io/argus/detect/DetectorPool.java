package io.argus.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The detection workers: a fixed number of detectors, each with its own network, lent to one
 * image at a time. More images than detectors can be in flight, so that while one image waits for
 * S3 or Kafka another is being detected, and the cores never wait for I/O; detection itself never
 * runs on more threads than there are detectors.
 */
public final class DetectorPool implements AutoCloseable {
    private final BlockingQueue<Detector> idle;
    private final List<Detector> all = new ArrayList<>();

    /** Makes and warms up all detectors now, so that a detector that cannot be made stops start-up. */
    public DetectorPool(Supplier<Detector> factory, int size) {
        this.idle = new ArrayBlockingQueue<>(size);
        try {
            for (int i = 0; i < size; i++) {
                Detector detector = factory.get();
                all.add(detector);
                detector.warmUp();
                idle.add(detector);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public int size() {
        return all.size();
    }

    /** Runs the work with a detector of its own, waiting for one to be free. */
    public <T> T use(Function<Detector, T> work) {
        Detector detector;
        try {
            detector = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a detection worker", e);
        }
        try {
            return work.apply(detector);
        } finally {
            idle.add(detector);
        }
    }

    @Override
    public void close() {
        all.forEach(Detector::close);
    }
}
