package io.argus.api;

import io.argus.config.ArgusConfig;
import io.argus.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/**
 * The one authentication path of every HTTP route, reads and writes (the route configuration
 * "argus-http" asks it before any route runs). Reads ({@code argus.api.auth}): with {@code basic},
 * the configured user and password; with {@code token}, {@code argus.api.token} as a Bearer token
 * or as a basic-auth password (so a browser can ask for it). The write token, when one is set, is
 * accepted as a Bearer token in every mode, so a write request needs one header only. Writes (any
 * method but GET and HEAD) need {@code Authorization: Bearer <argus.api.token>} whatever the mode,
 * and are refused when no token is set. Secrets are compared in constant time.
 */
public final class ApiAccess {
    private final ArgusConfig.ApiAuth mode;
    private final Optional<byte[]> basic;
    private final Optional<byte[]> bearer;
    private final Optional<String> tokenAsPassword;
    private final JsonResponses responses;

    public ApiAccess(ArgusConfig.Api api, JsonResponses responses) {
        this.mode = api.auth();
        this.basic = api.auth() == ArgusConfig.ApiAuth.BASIC
                ? Optional.of(utf8(api.username().orElseThrow() + ":" + api.password().orElseThrow().value()))
                : Optional.empty();
        this.bearer = api.token().map(token -> utf8("Bearer " + token.value()));
        this.tokenAsPassword = api.auth() == ArgusConfig.ApiAuth.TOKEN ? api.token().map(Secret::value) : Optional.empty();
        this.responses = responses;
    }

    public boolean allows(Exchange exchange) {
        String authorization = exchange.getMessage().getHeader("Authorization", "", String.class);
        if (bearer.isPresent() && MessageDigest.isEqual(bearer.get(), utf8(authorization))) {
            return true;
        }
        if (isWrite(exchange) || mode == ArgusConfig.ApiAuth.NONE) {
            return !isWrite(exchange);
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] credentials;
        try {
            credentials = Base64.getDecoder().decode(authorization.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (basic.isPresent()) {
            return MessageDigest.isEqual(basic.get(), credentials);
        }
        String userAndPassword = new String(credentials, StandardCharsets.UTF_8);
        String password = userAndPassword.substring(userAndPassword.indexOf(':') + 1);
        return tokenAsPassword.isPresent() && MessageDigest.isEqual(utf8(tokenAsPassword.get()), utf8(password));
    }

    /**
     * A JSON error: a write with no token configured 403; else 401, whose challenge makes a browser
     * ask for the user and password (or the token), or tells a writer to bring the Bearer token.
     */
    public void refuse(Exchange exchange) throws Exception {
        if (isWrite(exchange) && bearer.isEmpty()) {
            responses.respond(exchange, 403, Map.of("error", "write operations are disabled: set argus.api.token"));
        } else if (isWrite(exchange)) {
            responses.respond(exchange, 401, Map.of("error", "a write needs Authorization: Bearer <argus.api.token>"));
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        } else {
            responses.respond(exchange, 401, Map.of("error", "authentication required: see argus.api.auth"));
            exchange.getMessage().setHeader("WWW-Authenticate", "Basic realm=\"Argus\", charset=\"UTF-8\"");
        }
    }

    private static boolean isWrite(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
        return !method.equals("GET") && !method.equals("HEAD");
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
