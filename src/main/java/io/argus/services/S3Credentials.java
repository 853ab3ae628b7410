package io.argus.services;

/** The credentials of a local S3 server, generated when it was first started. */
public record S3Credentials(String accessKey, String secretKey) {
    @Override
    public String toString() {
        return "S3Credentials[accessKey=" + accessKey + ", secretKey=(hidden)]";
    }
}
