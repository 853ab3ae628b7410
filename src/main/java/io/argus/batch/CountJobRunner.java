package io.argus.batch;

import io.argus.config.ArgusConfig;
import io.argus.index.BucketCount;
import io.argus.shared.CountJobContract;
import io.argus.storage.ImageKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Submits one pass of the MapReduce count job (to the local job runner or YARN, as the Hadoop
 * configuration says) and reads what it wrote: a manifest of the objects goes to S3, the job reads
 * them through S3A, and its catalog, errors and counts come back from its output prefix.
 */
final class CountJobRunner {
    private final S3Client s3;
    private final ArgusConfig.S3 storage;
    private final Configuration hadoop;
    private final CountJobContract.Factory jobs = CountJobContract.factory();

    CountJobRunner(S3Client s3, ArgusConfig.S3 storage, Configuration hadoop) {
        this.s3 = s3;
        this.storage = storage;
        this.hadoop = hadoop;
    }

    /** What a pass found: each object's bucket (empty when malformed), the malformed ones' reasons, the counts. */
    static final class Output {
        final Map<String, String> catalog = new HashMap<>();
        final Map<String, String> errors = new LinkedHashMap<>();
        final List<BucketCount> counts = new ArrayList<>();
        private final Counters counters;

        private Output(Counters counters) {
            this.counters = counters;
        }

        long counter(CountJobContract.Records record) {
            return counters.findCounter(record).getValue();
        }
    }

    /** The S3A URI of a key of the bucket, as the job reads and writes it. */
    String s3a(String key) {
        return ImageKey.s3aUri(storage, key);
    }

    /**
     * Writes the manifest of the objects under {@code prefix}, runs the job over it and reads its output
     * back; a catalog-only pass tells the objects' buckets and counts nothing.
     */
    Output run(String prefix, List<MetadataObject> objects, boolean catalogOnly)
            throws IOException, InterruptedException, ClassNotFoundException {
        StringBuilder manifest = new StringBuilder(objects.size() * 80);
        for (MetadataObject object : objects) {
            manifest.append(s3a(object.key())).append('\t').append(object.size()).append('\n');
        }
        String manifestKey = prefix + ".manifest";
        s3.putObject(r -> r.bucket(storage.bucket()).key(manifestKey), RequestBody.fromString(manifest.toString()));
        Configuration conf = new Configuration(hadoop);
        conf.setBoolean(CountJobContract.CATALOG_ONLY, catalogOnly);
        Job job = jobs.create(conf, new Path(s3a(manifestKey)), new Path(s3a(prefix)));
        if (!job.waitForCompletion(false)) {
            throw new IllegalStateException("the count job " + job.getJobID() + " failed: " + job.getStatus()
                    .getFailureInfo());
        }
        Output output = new Output(job.getCounters());
        String s3aPrefix = s3a("");
        readLines(prefix + "/catalog/", (key, value) -> output.catalog.put(key.substring(s3aPrefix.length()), value));
        readLines(prefix + "/errors/", (key, value) -> output.errors.put(key.substring(s3aPrefix.length()), value));
        if (!catalogOnly) {
            readLines(prefix + "/part-r-", (key, value) -> output.counts.add(BucketCount.parse(key + "\t" + value)));
        }
        return output;
    }

    /** Every line {@code key\tvalue} of the objects under the prefix; the value is after the last tab. */
    private void readLines(String prefix, BiConsumer<String, String> consumer) {
        String bucket = storage.bucket();
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
            if (object.key().endsWith("/")) {
                continue;
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                    s3.getObject(r -> r.bucket(bucket).key(object.key())), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    int tab = line.lastIndexOf('\t');
                    consumer.accept(line.substring(0, tab), line.substring(tab + 1));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read s3://" + bucket + "/" + object.key(), e);
            }
        }
    }
}
