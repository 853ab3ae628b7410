package io.argus.local;

import io.argus.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * s3proxy with its filesystem backend: a real S3 API whose objects are files under the data
 * directory. Its credentials are generated on first start into a file only the owner can read.
 */
final class LocalS3 {
    /** Credentials of the local S3 server, read from its credentials file. */
    record Credentials(String accessKey, Secret secretKey) {
    }

    private LocalS3() {
    }

    static LocalService start(ServiceLayout layout, int configuredPort, Duration timeout) {
        Path home = layout.serviceData("s3");
        Path objects = home.resolve("objects");
        int port = ServiceLayout.portOrFree(configuredPort);
        Path properties = home.resolve("s3proxy.properties");
        Path logback = home.resolve("logback.xml");
        try {
            Files.createDirectories(objects);
            Credentials credentials = credentials(layout);
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
            p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            p.setProperty("s3proxy.identity", credentials.accessKey());
            p.setProperty("s3proxy.credential", credentials.secretKey().value());
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.filesystem.basedir", objects.toString());
            PrivateFiles.write(properties, p);
            ServiceLayout.copyResource("logback-s3proxy.xml", logback);
            List<String> command = List.of(ServiceLayout.javaExecutable(), "-Xmx256m",
                    "-Dlogback.configurationFile=" + logback,
                    "-jar", layout.distribution("s3proxy.jar").toString(), "--properties", properties.toString());
            SupervisedProcess process = SupervisedProcess.start(new SupervisedProcess.Spec("s3proxy", command, home,
                    layout.runDir(), layout.logFile("s3proxy"), properties.toString(), Map.of()));
            process.awaitReady(() -> ServiceLayout.portOpen(port), timeout);
            return new LocalService("s3proxy", URI.create("http://127.0.0.1:" + port).toString(), process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the local S3 server in " + home, e);
        }
    }

    /** The generated credentials of this data directory's local S3 server (created on first use). */
    static Credentials credentials(ServiceLayout layout) {
        Properties p = PrivateFiles.loadOrCreate(layout.serviceData("s3").resolve("credentials.properties"), () -> {
            Properties generated = new Properties();
            generated.setProperty("access-key", "argus" + PrivateFiles.randomHex(10));
            generated.setProperty("secret-key", PrivateFiles.randomHex(20));
            return generated;
        });
        return new Credentials(p.getProperty("access-key"), new Secret(p.getProperty("secret-key")));
    }
}
