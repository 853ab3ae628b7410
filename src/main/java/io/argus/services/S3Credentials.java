package io.argus.services;

import io.argus.config.Secret;

/** The credentials of a local S3 server, generated when it was first started. */
public record S3Credentials(String accessKey, Secret secretKey) {
}
