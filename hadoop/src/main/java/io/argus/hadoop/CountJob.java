package io.argus.hadoop;

import static io.argus.shared.CountJobContract.CATALOG;
import static io.argus.shared.CountJobContract.CATALOG_ONLY;
import static io.argus.shared.CountJobContract.ERRORS;
import static io.argus.shared.CountJobContract.OBJECTS_PER_TASK;

import io.argus.shared.CountJobContract;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.NLineInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.mapreduce.lib.reduce.LongSumReducer;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

/**
 * The driver: counts detections per (label, time bucket) over detection metadata objects.
 *
 * <pre>hadoop jar argus-hadoop-job.jar [-D argus.count.bucket=hour] INPUT OUTPUT</pre>
 *
 * INPUT is a folder of metadata objects (read recursively, {@code *.json}) or a manifest of
 * {@code <path>\t<length>} lines. OUTPUT receives {@code part-r-*} lines
 * {@code label\tbucket\tcount} (bucket = ISO-8601 start in UTC), {@code catalog/part-*} lines
 * {@code path\tbucket} and {@code errors/part-*} lines {@code path\treason}. Its settings, outputs
 * and counters are those of the {@link CountJobContract}.
 */
public final class CountJob extends Configured implements Tool, CountJobContract.Factory {
    @Override
    public Job create(Configuration conf, Path manifest, Path output) throws IOException {
        Job job = Job.getInstance(conf, "argus detection counts → " + output);
        job.setJarByClass(CountJob.class);
        job.setInputFormatClass(NLineInputFormat.class);
        NLineInputFormat.addInputPath(job, manifest);
        NLineInputFormat.setNumLinesPerSplit(job, conf.getInt(OBJECTS_PER_TASK, 500));
        job.setMapperClass(DetectionCountMapper.class);
        job.setMapOutputKeyClass(Text.class);
        job.setMapOutputValueClass(LongWritable.class);
        if (conf.getBoolean(CATALOG_ONLY, false)) {
            job.setNumReduceTasks(0);
        } else {
            job.setCombinerClass(LongSumReducer.class);
            job.setReducerClass(LongSumReducer.class);
        }
        job.setOutputKeyClass(Text.class);
        job.setOutputValueClass(LongWritable.class);
        LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
        FileOutputFormat.setOutputPath(job, output);
        MultipleOutputs.addNamedOutput(job, CATALOG, TextOutputFormat.class, Text.class, Text.class);
        MultipleOutputs.addNamedOutput(job, ERRORS, TextOutputFormat.class, Text.class, Text.class);
        return job;
    }

    /** Lists a folder's metadata objects into a manifest next to the output. */
    static Path manifestOf(Configuration conf, Path folder, Path output) throws IOException {
        Path manifest = new Path(output.getParent(), output.getName() + ".manifest");
        FileSystem fs = folder.getFileSystem(conf);
        try (Writer writer = new OutputStreamWriter(manifest.getFileSystem(conf).create(manifest, true),
                StandardCharsets.UTF_8)) {
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(folder, true);
            while (files.hasNext()) {
                LocatedFileStatus file = files.next();
                if (file.isFile() && file.getPath().getName().endsWith(".json")) {
                    writer.write(file.getPath() + "\t" + file.getLen() + "\n");
                }
            }
        }
        return manifest;
    }

    @Override
    public int run(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: hadoop jar argus-hadoop-job.jar [-D argus.count.bucket=hour] INPUT OUTPUT");
            return 2;
        }
        Configuration conf = getConf();
        Path input = new Path(args[0]);
        Path output = new Path(args[1]);
        Path manifest = input.getFileSystem(conf).getFileStatus(input).isDirectory()
                ? manifestOf(conf, input, output) : input;
        return create(conf, manifest, output).waitForCompletion(true) ? 0 : 1;
    }

    public static void main(String[] args) throws Exception {
        System.exit(ToolRunner.run(new Configuration(), new CountJob(), args));
    }
}
