package io.argus.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.config.ArgusConfig;
import io.argus.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Who argus.api.auth lets in; SecurityIT covers basic auth end to end, over HTTP. */
class ApiAccessTest {
    private static final String TOKEN = "a-token-of-sixteen-plus";

    private static ApiAccess access(ArgusConfig.ApiAuth auth, Optional<String> token) {
        return new ApiAccess(new ArgusConfig.Api("127.0.0.1", 5001, auth, Optional.of("viewer"),
                Optional.of(new Secret("viewer-password")), token.map(Secret::new), false, Duration.ZERO, Duration.ofSeconds(3)), new JsonResponses(new ObjectMapper()));
    }

    private static Exchange request(String authorization) {
        return request("GET", authorization);
    }

    private static Exchange request(String method, String authorization) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        if (authorization != null) {
            exchange.getMessage().setHeader("Authorization", authorization);
        }
        return exchange;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tokenModeTakesTheTokenAsBearerOrAsTheBasicPasswordOfAnyUser() {
        ApiAccess access = access(ArgusConfig.ApiAuth.TOKEN, Optional.of(TOKEN));
        assertThat(access.allows(request("Bearer " + TOKEN))).isTrue();
        assertThat(access.allows(request(basic("anyone", TOKEN)))).as("a browser's login dialog").isTrue();
        assertThat(access.allows(request("Bearer " + TOKEN + "x"))).isFalse();
        assertThat(access.allows(request(basic("viewer", "viewer-password")))).as("no basic user in token mode")
                .isFalse();
        assertThat(access.allows(request(null))).isFalse();
        assertThat(access.allows(request("Basic not-base64!"))).isFalse();
    }

    @Test
    void basicModeTakesTheUserAndPasswordAndTheWriteToken() {
        ApiAccess access = access(ArgusConfig.ApiAuth.BASIC, Optional.of(TOKEN));
        assertThat(access.allows(request(basic("viewer", "viewer-password")))).isTrue();
        assertThat(access.allows(request(basic("viewer", "wrong-password")))).isFalse();
        assertThat(access.allows(request(basic("other", "viewer-password")))).isFalse();
        assertThat(access.allows(request("Bearer " + TOKEN))).as("a write request needs one header").isTrue();
        assertThat(access.allows(request(basic("anyone", TOKEN)))).as("the token is no basic password here")
                .isFalse();
    }

    @Test
    void withoutAuthReadsAreOpenAndARefusalAsksForBasicCredentials() throws Exception {
        assertThat(access(ArgusConfig.ApiAuth.NONE, Optional.empty()).allows(request(null))).isTrue();
        Exchange refused = request("Bearer nothing");
        access(ArgusConfig.ApiAuth.TOKEN, Optional.of(TOKEN)).refuse(refused);
        assertThat(refused.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(refused.getMessage().getHeader("WWW-Authenticate", String.class)).startsWith("Basic realm=");
        assertThat(refused.getMessage().getHeader("Authorization")).as("no request header echoed").isNull();
    }

    @Test
    void aWriteNeedsTheBearerTokenInEveryModeAndIsForbiddenWithoutOne() throws Exception {
        for (ArgusConfig.ApiAuth mode : ArgusConfig.ApiAuth.values()) {
            ApiAccess access = access(mode, Optional.of(TOKEN));
            assertThat(access.allows(request("POST", "Bearer " + TOKEN))).as(mode.name()).isTrue();
            assertThat(access.allows(request("POST", null))).as(mode.name()).isFalse();
            assertThat(access.allows(request("POST", basic("viewer", "viewer-password")))).as(mode.name()).isFalse();
            assertThat(access.allows(request("POST", basic("anyone", TOKEN)))).as(mode.name()).isFalse();
        }
        ApiAccess withoutToken = access(ArgusConfig.ApiAuth.NONE, Optional.empty());
        Exchange write = request("POST", "Bearer anything-at-all-000");
        assertThat(withoutToken.allows(write)).isFalse();
        withoutToken.refuse(write);
        assertThat(write.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(403);
        Exchange wrong = request("POST", "Bearer wrong");
        access(ArgusConfig.ApiAuth.NONE, Optional.of(TOKEN)).refuse(wrong);
        assertThat(wrong.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(401);
        assertThat(wrong.getMessage().getHeader("WWW-Authenticate", String.class)).isEqualTo("Bearer");
    }
}
