package io.argus.services;

import io.argus.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** An Elasticsearch's URL, its basic-auth user, and the CA (PEM) its HTTPS certificate is checked against. */
public record ElasticsearchAccess(URI url, Optional<String> username, Optional<Secret> password,
                                  Optional<Path> caCertificate) {
}
