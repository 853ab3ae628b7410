package io.argus;

/**
 * Argus's own Prometheus metrics, recorded by the routes through Camel's micrometer component,
 * next to Camel's per-route ones: dead letters per flow and the detector's inference time.
 */
public final class Metrics {
    /** Detector time per image in ms, tagged with the detector that runs. */
    public static final String INFERENCE =
            "micrometer:summary:argus.detect.inference.ms?tags.detector={{argus.detect.detector}}";

    private Metrics() {
    }

    /** Bulk indexing failures: {@code request} (an Elasticsearch call that failed) or {@code document} (one it rejected). */
    public static final String INDEX_FAILURES = "argus.index.failures";

    /** Counts an indexing failure of a kind, from a route. */
    public static String indexFailure(String kind) {
        return "micrometer:counter:" + INDEX_FAILURES + "?tags.kind=" + kind;
    }

    /** Messages a flow gave up on (a poison message, a rejected file or document), by flow. */
    public static final String DEAD_LETTERS = "argus.dead.letters";
}
