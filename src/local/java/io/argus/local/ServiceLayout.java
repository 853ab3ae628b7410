package io.argus.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where one Argus's local services keep their files: the server distributions in the services
 * folder of the build, and their data, logs and pid files under the data directory.
 */
public record ServiceLayout(Path servicesDir, Path dataDir) {

    public Path serviceData(String service) {
        return dataDir.resolve("services").resolve(service);
    }

    public Path logFile(String service) {
        return dataDir.resolve("logs").resolve(service + ".log");
    }

    public Path runDir() {
        return dataDir.resolve("run");
    }

    /** Creates the folders every service writes to. */
    void prepare() {
        try {
            Files.createDirectories(dataDir.resolve("logs"));
            Files.createDirectories(runDir());
            SupervisedProcess.installScript(runDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folders of the local services in " + dataDir, e);
        }
    }

    /** A path from services.properties, written by the build; a clear error when the build did not run. */
    public Path distribution(String key) {
        Path file = servicesDir.resolve("services.properties");
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("The local services are not built: " + file + " is missing. Build Argus"
                    + " first (./argus run does), or set argus.local.services-dir to the distribution's services folder.");
        }
        Path path = servicesDir.resolve(properties.getProperty(key));
        if (!Files.exists(path)) {
            throw new IllegalStateException("The local services are incomplete: " + path + " is missing; rebuild Argus.");
        }
        return path;
    }

    /** The configured port, or a free one on loopback when it is 0. */
    public static int portOrFree(int configured) {
        if (configured != 0) {
            return configured;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    static boolean portOpen(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void copyResource(String name, Path target) {
        try (InputStream in = ServiceLayout.class.getResourceAsStream(name)) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
