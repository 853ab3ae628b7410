package io.argus.api;

import io.argus.services.ServiceUnavailableException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * {@code GET /api/images/<key>} streams an original ({@code images/…}) or annotated
 * ({@code annotated/…}) image from S3. Any other key, or one that tries to leave those prefixes, is
 * refused before S3 is asked.
 */
public final class ImagesApi {
    public static final String PATH = "/api/images/";
    private static final int MAX_KEY_LENGTH = 1024;
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\\\]");

    private final S3Client s3;
    private final String bucket;
    private final List<String> prefixes;
    private final JsonResponses responses;

    public ImagesApi(S3Client s3, String bucket, List<String> prefixes, JsonResponses responses) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefixes = prefixes;
        this.responses = responses;
    }

    public void image(Exchange exchange) throws Exception {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        // The route listens on PATH + "*" only.
        String key = path.substring(PATH.length());
        check(key);
        ResponseInputStream<GetObjectResponse> object;
        try {
            object = s3.getObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            responses.error(exchange, 404, "no image " + key, null);
            return;
        } catch (SdkClientException e) {
            throw new ServiceUnavailableException("S3 is unavailable: " + e.getMessage(), e);
        }
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, object.response().contentType());
        exchange.getMessage().setHeader("Cache-Control", "private, max-age=60");
        exchange.getMessage().setBody(object);
    }

    void check(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || CONTROL.matcher(key).find()) {
            throw new BadParameterException("key", "the image key must be 1 to " + MAX_KEY_LENGTH
                    + " characters without control characters or backslashes");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new BadParameterException("key", "the image key may not have empty, '.' or '..' segments: " + key);
            }
        }
        if (prefixes.stream().noneMatch(key::startsWith)) {
            throw new BadParameterException("key", "only keys under " + String.join(" or ", prefixes) + " are served");
        }
    }
}
