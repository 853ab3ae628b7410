package io.argus.hadoop;

import io.argus.shared.BucketSize;
import io.argus.shared.CountJobContract;
import io.argus.shared.MetadataRecord;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.util.functional.FutureIO;

/**
 * Reads the metadata objects named by its manifest lines ({@code <path>\t<length>}) and emits one
 * count per (label, time bucket) and object: {@code "label\tbucket" → n}. Besides the counts it writes
 * two named outputs: {@code catalog} ({@code path\tbucket}, empty for a malformed object), which lets
 * the next run find the objects of a bucket without reading them all, and {@code errors}
 * ({@code path\treason}). In catalog-only mode ({@value CountJobContract#CATALOG_ONLY}) it writes only the catalog.
 */
public final class DetectionCountMapper extends Mapper<LongWritable, Text, Text, LongWritable> {
    private final Text outKey = new Text();
    private final LongWritable outCount = new LongWritable();
    private MultipleOutputs<Text, LongWritable> outputs;
    private BucketSize bucketSize;
    private double minConfidence;
    private boolean catalogOnly;

    @Override
    protected void setup(Context context) {
        Configuration conf = context.getConfiguration();
        bucketSize = BucketSize.parse(conf.get(CountJobContract.BUCKET, "hour"));
        minConfidence = conf.getDouble(CountJobContract.MIN_CONFIDENCE, 0.0);
        catalogOnly = conf.getBoolean(CountJobContract.CATALOG_ONLY, false);
        outputs = new MultipleOutputs<>(context);
    }

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
        String[] fields = line.toString().split("\t");
        if (fields[0].isBlank()) {
            return;
        }
        Path path = new Path(fields[0]);
        context.getCounter(CountJobContract.Records.OBJECTS).increment(1);
        MetadataRecord record;
        try {
            record = MetadataRecord.parse(read(path, fields.length > 1 ? fields[1] : null, context.getConfiguration()));
        } catch (MetadataRecord.Malformed e) {
            context.getCounter(CountJobContract.Records.MALFORMED).increment(1);
            outputs.write(CountJobContract.ERRORS, new Text(fields[0]), new Text(e.getMessage()), "errors/part");
            outputs.write(CountJobContract.CATALOG, new Text(fields[0]), new Text(""), "catalog/part");
            return;
        }
        Instant bucket = bucketSize.bucketOf(record.eventTime());
        outputs.write(CountJobContract.CATALOG, new Text(fields[0]), new Text(bucket.toString()), "catalog/part");
        if (catalogOnly) {
            return;
        }
        Map<String, Long> perLabel = new TreeMap<>();
        for (MetadataRecord.Labelled detection : record.detections()) {
            if (detection.confidence() < minConfidence) {
                context.getCounter(CountJobContract.Records.BELOW_MIN_CONFIDENCE).increment(1);
            } else {
                perLabel.merge(detection.label(), 1L, Long::sum);
            }
        }
        for (Map.Entry<String, Long> count : perLabel.entrySet()) {
            outKey.set(count.getKey() + "\t" + bucket);
            outCount.set(count.getValue());
            context.write(outKey, outCount);
            context.getCounter(CountJobContract.Records.DETECTIONS).increment(count.getValue());
        }
    }

    /** The whole object in one GET; a known length spares S3A its HEAD request. */
    private static byte[] read(Path path, String length, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        var open = fs.openFile(path).opt("fs.option.openfile.read.policy", "whole-file");
        if (length != null && !length.isBlank()) {
            open.opt("fs.option.openfile.length", length);
        }
        try (FSDataInputStream in = FutureIO.awaitFuture(open.build()); InputStream stream = in) {
            return stream.readAllBytes();
        }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
        outputs.close();
    }
}
