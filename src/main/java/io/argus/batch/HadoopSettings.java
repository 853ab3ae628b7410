package io.argus.batch;

import io.argus.config.ArgusConfig;
import io.argus.services.Endpoints;
import io.argus.shared.CountJobContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.alias.CredentialProviderFactory;

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
            // The job's files (job.xml among them) under Argus's data folder, not /tmp/hadoop.
            conf.set("mapreduce.jobtracker.staging.root.dir",
                    config.dataDir().resolve("hadoop/staging").toAbsolutePath().toString());
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
        if (keys(config, endpoints).isPresent()) {
            // The keys are not in the configuration (which the job writes to its job.xml): S3A looks
            // them up as passwords, which the user:/// provider finds in the job's credentials.
            conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, "user:///");
        }

        conf.set(CountJobContract.BUCKET, batch.bucket().name().toLowerCase(java.util.Locale.ROOT));
        conf.set(CountJobContract.MIN_CONFIDENCE, Double.toString(batch.minConfidence()));
        conf.setInt(CountJobContract.OBJECTS_PER_TASK, batch.objectsPerTask());
        return conf;
    }

    /**
     * Gives this process's Hadoop user the S3 keys (when Argus has them rather than the AWS default
     * chain) as secret keys of its credentials. A job takes its user's credentials along, and YARN
     * hands them to its containers beside, not inside, the job's configuration, and deletes them
     * with the application; this process's own S3A calls (listing the input) find them too. The
     * user stays the one Hadoop logged in (with its Kerberos ticket, on a secure cluster).
     */
    static void giveKeysToTheJobUser(ArgusConfig config, Endpoints endpoints) throws IOException {
        Optional<String[]> keys = keys(config, endpoints);
        if (keys.isEmpty()) {
            return;
        }
        Credentials secrets = new Credentials();
        secrets.addSecretKey(new Text("fs.s3a.access.key"), keys.get()[0].getBytes(StandardCharsets.UTF_8));
        secrets.addSecretKey(new Text("fs.s3a.secret.key"), keys.get()[1].getBytes(StandardCharsets.UTF_8));
        UserGroupInformation.getCurrentUser().addCredentials(secrets);
    }

    /** The access and secret key: the local S3's, else the configured ones, else none (the AWS chain). */
    private static Optional<String[]> keys(ArgusConfig config, Endpoints endpoints) {
        return endpoints.localS3Credentials().map(local -> new String[] {local.accessKey(), local.secretKey().value()})
                .or(() -> config.s3().accessKey().map(key -> new String[] {key.value(), config.s3().secretKey().orElseThrow().value()}));
    }
}
