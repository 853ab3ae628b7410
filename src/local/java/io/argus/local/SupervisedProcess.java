package io.argus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One local service in a child process. It runs under supervise.sh, which ends it when this JVM
 * goes away (even by kill -9), and records its pid so that the next start can take over anything
 * a previous run left behind. Once it was ready, a service that dies (killed, crashed) is started
 * again with the same command, after 1, 2, 4… up to 60 s; a service that then stays up for a minute
 * starts the count afresh.
 */
public final class SupervisedProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedProcess.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** The watchdog script, installed in the run folder by {@link #installScript(Path)}. */
    private static final String SCRIPT = "supervise.sh";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    /** Up this long, a restarted service counts as recovered: its next death waits the shortest backoff again. */
    private static final Duration RECOVERED_AFTER = Duration.ofSeconds(60);

    /**
     * @param marker a string that appears on the service's command line only for this data directory,
     *               so that a takeover never touches another Argus's processes
     */
    public record Spec(String name, List<String> command, Path workDir, Path runDir, Path logFile, String marker,
                       Map<String, String> environment) {
    }

    private final Spec spec;
    private final ScheduledExecutorService restarts = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "argus-restart-local-service");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Process supervisor;
    private volatile boolean closing;
    private Instant startedAt = Instant.now();
    private int deathsInARow;

    private SupervisedProcess(Spec spec, Process supervisor) {
        this.spec = spec;
        this.supervisor = supervisor;
    }

    public static SupervisedProcess start(Spec spec) {
        return new SupervisedProcess(spec, launch(spec));
    }

    private static Process launch(Spec spec) {
        try {
            Files.createDirectories(spec.runDir());
            Files.createDirectories(spec.logFile().getParent());
            takeOverLeftover(spec);
            Path script = spec.runDir().resolve(SCRIPT);
            List<String> command = new ArrayList<>(List.of("sh", script.toString(), pidFile(spec).toString()));
            command.addAll(spec.command());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(spec.workDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
            builder.environment().putAll(spec.environment());
            LOG.info("Starting local {} (log: {})", spec.name(), spec.logFile());
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start local " + spec.name(), e);
        }
    }

    static void installScript(Path runDir) {
        ServiceLayout.copyResource(SCRIPT, runDir.resolve(SCRIPT));
    }

    /**
     * Waits until {@code ready} holds; fails with the end of the service's log if it dies or times out.
     * From then on the service is restarted when it dies.
     */
    public void awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!supervisor.isAlive()) {
                throw new IllegalStateException("local " + spec.name() + " exited with status "
                        + supervisor.exitValue() + "; end of " + spec.logFile() + ":\n" + logTail());
            }
            if (Instant.now().isAfter(deadline)) {
                close();
                throw new IllegalStateException("local " + spec.name() + " was not ready within " + timeout
                        + "; end of " + spec.logFile() + ":\n" + logTail());
            }
            sleep(Duration.ofMillis(200));
        }
        restartWhenItDies(supervisor);
    }

    private void restartWhenItDies(Process process) {
        process.onExit().thenRun(() -> {
            if (closing) {
                return;
            }
            Duration delay = backoff();
            LOG.warn("Local {} exited with status {}; starting it again in {} s (log: {})", spec.name(),
                    process.exitValue(), delay.toSeconds(), spec.logFile());
            restarts.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    private synchronized Duration backoff() {
        if (Duration.between(startedAt, Instant.now()).compareTo(RECOVERED_AFTER) >= 0) {
            deathsInARow = 0;
        }
        Duration delay = Duration.ofSeconds(1L << Math.min(deathsInARow, 6));
        deathsInARow++;
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private synchronized void restart() {
        if (closing) {
            return;
        }
        try {
            supervisor = launch(spec);
            startedAt = Instant.now();
            restartWhenItDies(supervisor);
        } catch (RuntimeException e) {
            Duration delay = backoff();
            LOG.warn("Local {} could not be started again ({}); trying again in {} s", spec.name(), e.getMessage(),
                    delay.toSeconds());
            restarts.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public boolean isAlive() {
        return supervisor.isAlive();
    }

    /** Asks the service to stop (end of the lifeline), then forces it after a grace period. */
    @Override
    public void close() {
        Process supervisor;
        // After this, no restart launches another process; one launched before is the one stopped here.
        synchronized (this) {
            closing = true;
            supervisor = this.supervisor;
        }
        restarts.shutdownNow();
        if (!supervisor.isAlive()) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(supervisor.descendants().toList());
        try {
            supervisor.getOutputStream().close();
        } catch (IOException e) {
            LOG.debug("lifeline of {} already closed", spec.name(), e);
        }
        try {
            if (!supervisor.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                LOG.warn("local {} did not stop within {}; killing it", spec.name(), STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        supervisor.destroyForcibly();
        LOG.info("Stopped local {}", spec.name());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(spec.logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path pidFile(Spec spec) {
        return spec.runDir().resolve(spec.name() + ".pid");
    }

    /** A previous run killed hard may have left its service alive for a moment: end it and its children. */
    private static void takeOverLeftover(Spec spec) throws IOException {
        Path pidFile = pidFile(spec);
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> leftover = readPid(pidFile).flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().commandLine().map(line -> line.contains(spec.marker())).orElse(false));
        if (leftover.isPresent()) {
            ProcessHandle process = leftover.get();
            LOG.warn("Taking over: local {} of a previous run is still alive (pid {}); stopping it", spec.name(),
                    process.pid());
            List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process);
            tree.forEach(ProcessHandle::destroy);
            Instant deadline = Instant.now().plus(STOP_TIMEOUT);
            while (tree.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
                sleep(Duration.ofMillis(200));
            }
            tree.forEach(ProcessHandle::destroyForcibly);
            // Bounded: a killed process whose parent does not reap it stays a zombie, which holds no port or lock.
            Instant killed = Instant.now().plusSeconds(10);
            while (tree.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(killed)) {
                sleep(Duration.ofMillis(100));
            }
        }
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
