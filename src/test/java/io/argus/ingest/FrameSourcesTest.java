package io.argus.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The image sources ServiceLoader finds for the ingest flow. */
class FrameSourcesTest {
    @Test
    void theInboxIsTheShippedSource() {
        assertThat(ServiceLoader.load(FrameSource.class).stream().map(ServiceLoader.Provider::type))
                .containsExactly(InboxSource.class);
    }
}
