package io.argus.services;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/** An Elasticsearch's URL, its basic-auth user, and the CA (PEM) its HTTPS certificate is checked against. */
public record ElasticsearchAccess(URI url, Optional<String> username, Optional<String> password,
                                  Optional<Path> caCertificate) {
    @Override
    public String toString() {
        return "ElasticsearchAccess[url=" + url + ", username=" + username + ", password="
                + password.map(p -> "(hidden)").orElse("(none)") + ", caCertificate=" + caCertificate + "]";
    }
}
