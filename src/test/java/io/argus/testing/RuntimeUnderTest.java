package io.argus.testing;

import io.argus.bench.RunningArgus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A runtime on the shared services for one test, with its own bucket and topics, closed after the
 * test ({@code @RegisterExtension}).
 */
public final class RuntimeUnderTest implements AfterEachCallback {
    private RunningArgus runtime;

    public RunningArgus start(Path dataDir, Map<String, String> overrides) {
        Properties settings = SharedServices.runtimeSettings(dataDir);
        overrides.forEach(settings::setProperty);
        runtime = RunningArgus.start(settings);
        return runtime;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    public static List<S3Object> objects(RunningArgus argus, String prefix) {
        return S3Listing.objects(argus.s3(), argus.config().s3().bucket(), prefix);
    }

    public static List<String> objectKeys(RunningArgus argus, String prefix) {
        return S3Listing.keys(argus.s3(), argus.config().s3().bucket(), prefix);
    }
}
