package io.argus.services;

/** A service the answer needs (Elasticsearch, S3, Kafka) cannot be reached: HTTP 503. */
public final class ServiceUnavailableException extends RuntimeException {
    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
