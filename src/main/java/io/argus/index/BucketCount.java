package io.argus.index;

/** One line of the count job's output: detections of {@code label} in the bucket starting at {@code bucket}. */
public record BucketCount(String label, String bucket, long count) {
    /** The document id: the same (label, bucket) always lands on the same document. */
    public String documentId() {
        return label + "@" + bucket;
    }

    /** Parses {@code label\tbucket\tcount}. */
    public static BucketCount parse(String line) {
        String[] fields = line.split("\t");
        if (fields.length != 3) {
            throw new IllegalArgumentException("not a count line (label, bucket, count): " + line);
        }
        return new BucketCount(fields[0], fields[1], Long.parseLong(fields[2]));
    }
}
