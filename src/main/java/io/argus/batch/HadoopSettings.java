package io.argus.batch;

import io.argus.config.ArgusConfig;
import io.argus.hadoop.CountJob;
import io.argus.services.Endpoints;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration of the count job: S3A pointed at Argus's S3, and either Hadoop's local
 * job runner in this process (the default) or the cluster described by the {@code *-site.xml}
 * files in {@code argus.batch.hadoop-conf-dir}.
 */
final class HadoopSettings {
    private HadoopSettings() {
    }

    static Configuration of(ArgusConfig config, Endpoints endpoints) {
        Configuration conf = new Configuration();
        ArgusConfig.Batch batch = config.batch();
        if (batch.hadoopConfDir().isPresent()) {
            for (String site : new String[] {"core-site.xml", "hdfs-site.xml", "mapred-site.xml", "yarn-site.xml"}) {
                Path file = batch.hadoopConfDir().get().resolve(site);
                if (file.toFile().isFile()) {
                    conf.addResource(new org.apache.hadoop.fs.Path(file.toUri()));
                }
            }
            conf.set("mapreduce.job.jar", batch.jobJar().toString());
        } else {
            conf.set("mapreduce.framework.name", "local");
            conf.set("fs.defaultFS", "file:///");
            conf.setInt("mapreduce.local.map.tasks.maximum", Runtime.getRuntime().availableProcessors());
            conf.set("hadoop.tmp.dir", config.dataDir().resolve("hadoop").toAbsolutePath().toString());
        }
        conf.setInt("mapreduce.client.completion.pollinterval", 100);
        // S3-compatible stores without a real rename make the committer's cleanup retry for ~20 s.
        conf.setBoolean("mapreduce.fileoutputcommitter.cleanup.skipped", true);

        ArgusConfig.S3 s3 = config.s3();
        endpoints.s3Endpoint().ifPresent(endpoint -> {
            conf.set("fs.s3a.endpoint", endpoint.toString());
            conf.setBoolean("fs.s3a.connection.ssl.enabled", "https".equals(endpoint.getScheme()));
        });
        conf.set("fs.s3a.endpoint.region", s3.region());
        conf.setBoolean("fs.s3a.path.style.access", s3.pathStyleAccess());
        endpoints.localS3Credentials().ifPresentOrElse(local -> staticCredentials(conf, local.accessKey(),
                local.secretKey()), () -> s3.accessKey().ifPresent(key -> staticCredentials(conf, key,
                s3.secretKey().orElseThrow())));
        conf.set("mapreduce.job.redacted-properties", "fs.s3a.access.key,fs.s3a.secret.key");

        conf.set(CountJob.BUCKET, batch.bucket().name().toLowerCase(java.util.Locale.ROOT));
        conf.set(CountJob.MIN_CONFIDENCE, Double.toString(batch.minConfidence()));
        conf.setInt(CountJob.OBJECTS_PER_TASK, batch.objectsPerTask());
        return conf;
    }

    private static void staticCredentials(Configuration conf, String accessKey, String secretKey) {
        conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set("fs.s3a.access.key", accessKey);
        conf.set("fs.s3a.secret.key", secretKey);
    }
}
