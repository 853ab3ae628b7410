package io.argus.detect;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CPU time the detect route's steps spend on their own thread, per step: where an image's cost
 * goes besides the detector (exported as {@code argus_detect_step_cpu_seconds_total}, and printed by
 * the detection benchmark). A thread's CPU clock, unlike the wall clock, does not count the time
 * other threads take from it on a busy core.
 */
public final class StepCpu {
    public enum Step {
        /** The image's GET from S3. */
        READ,
        /** The size checks and the decoding. */
        DECODE,
        /** The detector. */
        DETECT,
        /** Drawing the boxes and encoding the annotated JPEG. */
        ANNOTATE,
        /** The metadata's JSON, and the PUTs of the annotated copy and the metadata. */
        WRITE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Map<Step, LongAdder> nanos = new EnumMap<>(Step.class);
    private final LongAdder images = new LongAdder();

    public StepCpu() {
        for (Step step : Step.values()) {
            nanos.put(step, new LongAdder());
        }
    }

    /** @return the thread's CPU clock now, to pass to the first {@link #lap} */
    long start() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Adds the thread's CPU time since {@code since} to the step; returns the clock now, for the next step. */
    long lap(Step step, long since) {
        long now = THREADS.getCurrentThreadCpuTime();
        nanos.get(step).add(now - since);
        return now;
    }

    /** Counts an image that went through every step. */
    void imageDone() {
        images.increment();
    }

    public double seconds(Step step) {
        return nanos.get(step).sum() / 1e9;
    }

    /** Images that went through every step (a dead-lettered one stops on the way). */
    public long images() {
        return images.sum();
    }
}
