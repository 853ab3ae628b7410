package io.argus.services;

import io.argus.config.ArgusConfig;
import io.argus.services.Endpoints;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** The one S3 client of the runtime, for AWS or any S3-compatible server. */
public final class S3Clients {
    private S3Clients() {
    }

    /**
     * Credentials: the local server's generated ones, else argus.s3.access-key/secret-key (from the
     * environment or the config file), else the AWS default chain (profiles, instance roles).
     * Checksums only when required: S3-compatible servers such as s3proxy reject the newer ones.
     * No aws-chunked uploads: over plain HTTP (a local S3 server) they sign every chunk, which cost
     * the detect route more CPU than a single signature over the whole body; over HTTPS the SDK
     * does not sign bodies at all.
     */
    public static S3Client create(ArgusConfig.S3 s3, Endpoints endpoints) {
        return builder(s3, endpoints).build();
    }

    /**
     * A client whose every call ends by the deadline, retries included, for the calls made while an
     * HTTP request or a health check waits: a hung S3 makes them fail fast instead of hanging.
     */
    public static S3Client withDeadline(ArgusConfig.S3 s3, Endpoints endpoints, Duration deadline) {
        return builder(s3, endpoints).overrideConfiguration(config -> config.apiCallTimeout(deadline)).build();
    }

    private static S3ClientBuilder builder(ArgusConfig.S3 s3, Endpoints endpoints) {
        AwsCredentialsProvider credentials = endpoints.localS3Credentials()
                .<AwsCredentialsProvider>map(local -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(local.accessKey(), local.secretKey().value())))
                .or(() -> s3.accessKey().map(key -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(key.value(), s3.secretKey().orElseThrow().value()))))
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(s3.pathStyleAccess())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        endpoints.s3Endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    public static void ensureBucket(S3Client client, String bucket) {
        try {
            client.headBucket(request -> request.bucket(bucket));
        } catch (NoSuchBucketException e) {
            client.createBucket(request -> request.bucket(bucket));
        }
    }
}
