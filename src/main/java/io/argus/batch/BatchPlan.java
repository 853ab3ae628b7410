package io.argus.batch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a run has to do, from the metadata objects listed now and the catalog of the last successful
 * run: the objects that are new or changed (their ETag differs), those gone, and the buckets already
 * touched (the old buckets of changed and gone objects; the job's catalog pass adds those of the new
 * and changed ones). A pure function of the two, so every case is a fast test.
 *
 * @param changed the new and changed objects, which the catalog pass reads
 * @param deleted the keys the catalog has and the listing not
 * @param touched bucket starts whose counts must be recomputed, as known before the catalog pass
 */
record BatchPlan(Mode mode, List<MetadataObject> changed, List<String> deleted, Set<String> touched) {
    /** How a run counts: everything in one pass, only the touched buckets, or nothing. */
    enum Mode {
        /** No catalog yet: one pass counts every object. */
        FULL,
        /** A catalog pass over what changed, then a count pass over the touched buckets' objects. */
        INCREMENTAL,
        /** Nothing changed since the last successful run. */
        UNCHANGED;

        /** As the run's history and API say it. */
        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static BatchPlan of(Collection<MetadataObject> listed, Catalog catalog) {
        List<MetadataObject> changed = new ArrayList<>();
        Set<String> touched = new TreeSet<>();
        Set<String> listedKeys = new TreeSet<>();
        for (MetadataObject object : listed) {
            listedKeys.add(object.key());
            Catalog.Entry known = catalog.get(object.key()).orElse(null);
            if (known == null || !known.etag().equals(object.etag())) {
                changed.add(object);
                if (known != null && !known.bucket().isEmpty()) {
                    touched.add(known.bucket());
                }
            }
        }
        List<String> deleted = catalog.entries().keySet().stream().filter(key -> !listedKeys.contains(key)).sorted()
                .toList();
        for (String key : deleted) {
            catalog.get(key).map(Catalog.Entry::bucket).filter(bucket -> !bucket.isEmpty()).ifPresent(touched::add);
        }
        Mode mode;
        if (changed.isEmpty() && deleted.isEmpty()) {
            mode = Mode.UNCHANGED;
        } else {
            mode = catalog.entries().size() == deleted.size() ? Mode.FULL : Mode.INCREMENTAL;
        }
        return new BatchPlan(mode, List.copyOf(changed), deleted, touched);
    }

    /**
     * The objects the count pass reads: every listed object whose bucket (as the catalog knows it
     * after the catalog pass) is touched, so each touched bucket is counted whole.
     */
    static List<MetadataObject> inBuckets(Collection<MetadataObject> listed, Catalog catalog, Set<String> buckets) {
        return listed.stream().filter(object -> catalog.get(object.key())
                .map(entry -> buckets.contains(entry.bucket())).orElse(false)).toList();
    }
}
