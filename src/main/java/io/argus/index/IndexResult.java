package io.argus.index;

import java.util.List;

/**
 * What indexing a run's counts did: documents written, stale documents removed from the touched
 * buckets, documents Elasticsearch rejected (with its reason, for the dead-letter topic), and
 * whether the index then held exactly the run's counts for those buckets.
 */
public record IndexResult(long indexed, long removed, List<Rejected> rejected, boolean verified, String verification) {
    public record Rejected(String documentId, String reason, String document) {
    }
}
