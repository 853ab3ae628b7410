package io.argus.shared;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;

/**
 * What the runtime and the count job ({@value #JOB_CLASS}) agree on: the job's settings, its named
 * outputs and its counters. The runtime makes the job by its class name ({@link #factory()}), so it
 * compiles against this contract, never against the job's package.
 */
public final class CountJobContract {
    /** The job's driver, also the job jar's main class. */
    public static final String JOB_CLASS = "io.argus.hadoop.CountJob";
    /** Bucket width: minute, hour (default) or day. */
    public static final String BUCKET = "argus.count.bucket";
    /** Detections under this confidence are not counted (default 0). */
    public static final String MIN_CONFIDENCE = "argus.count.min-confidence";
    /** Metadata objects per map task (default 500). */
    public static final String OBJECTS_PER_TASK = "argus.count.objects-per-task";
    /** Only write the catalog (which bucket each object is in); no counts. */
    public static final String CATALOG_ONLY = "argus.count.catalog-only";
    /** The named output of {@code path\tbucket} lines. */
    public static final String CATALOG = "catalog";
    /** The named output of {@code path\treason} lines. */
    public static final String ERRORS = "errors";

    /** Hadoop counters of a run, group {@code io.argus.shared.CountJobContract$Records}. */
    public enum Records { OBJECTS, DETECTIONS, MALFORMED, BELOW_MIN_CONFIDENCE }

    /** Makes count jobs; the job's driver is one. */
    public interface Factory {
        /** A job over the objects of {@code manifest} ({@code <path>\t<length>} lines), ready to submit. */
        Job create(Configuration conf, Path manifest, Path output) throws IOException;
    }

    private CountJobContract() {
    }

    /** The job's driver, found by its class name. */
    public static Factory factory() {
        try {
            return Class.forName(JOB_CLASS).asSubclass(Factory.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the count job " + JOB_CLASS + " is not on the classpath", e);
        }
    }
}
