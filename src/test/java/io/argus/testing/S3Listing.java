package io.argus.testing;

import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What a bucket holds under a prefix. */
public final class S3Listing {
    private S3Listing() {
    }

    /** The objects under a prefix; s3proxy's filesystem backend also lists its folders ("a/"), which are no objects. */
    public static List<S3Object> objects(S3Client s3, String bucket, String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream()
                .filter(object -> !object.key().endsWith("/")).toList();
    }

    public static List<String> keys(S3Client s3, String bucket, String prefix) {
        return objects(s3, bucket, prefix).stream().map(S3Object::key).toList();
    }
}
