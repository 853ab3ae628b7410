package io.argus.cli;

import io.argus.config.ArgusConfig;
import io.argus.config.ConfigSource;
import io.argus.config.InvalidConfigException;
import io.argus.models.ModelCatalog;
import io.argus.models.ModelStore;
import io.argus.runtime.ArgusRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code run} (the default), {@code stop}, {@code reprocess}, {@code config}, {@code events} and {@code models}. */
@Command(name = "argus", mixinStandardHelpOptions = true, version = "Argus 0.1.0",
        description = "Real-time image analytics pipeline on Apache Camel.",
        subcommands = {Argus.Run.class, Argus.Stop.class, ReprocessCommand.class, ConfigCommand.class,
            EventsCommand.class, ModelsCommand.class})
public final class Argus implements Callable<Integer> {

    /** Options every command shares. */
    public static final class ConfigOption {
        @Option(names = "--config", paramLabel = "FILE",
                description = "External properties file (default: $" + ConfigSource.CONFIG_FILE_ENV + ").")
        Path configFile;

        public Properties load() {
            return ConfigSource.load(Optional.ofNullable(configFile));
        }
    }

    @CommandLine.Mixin
    ConfigOption config = new ConfigOption();

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Argus());
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof InvalidConfigException || e instanceof IllegalStateException) {
                line.getErr().println("argus: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() {
        return new Run(config).call();
    }

    @Command(name = "run", description = "Runs the pipeline until stopped (Ctrl-C, SIGTERM or 'argus stop').")
    public static final class Run implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config = new ConfigOption();

        public Run() {
        }

        Run(ConfigOption config) {
            this.config = config;
        }

        @Override
        public Integer call() {
            Properties settings = config.load();
            installDefaultModel(settings);
            ArgusRuntime runtime = ArgusRuntime.start(settings);
            Path pidFile = pidFile(runtime.config().dataDir());
            writePid(pidFile);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    runtime.close();
                } finally {
                    deleteQuietly(pidFile);
                    stopped.countDown();
                }
            }, "argus-shutdown"));
            System.out.println(Banner.of(runtime));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    /**
     * With the detector on {@code auto}, installs the default model when it is missing. Offline, or
     * with the download refused, Argus runs the built-in detector and says why.
     */
    private static void installDefaultModel(Properties settings) {
        ArgusConfig.Detect detect = ArgusConfig.from(settings).detect();
        if (detect.fallback().isEmpty()) {
            return;
        }
        try {
            System.out.println("Installing the default detection model " + ModelCatalog.DEFAULT_MODEL + " into "
                    + detect.modelsDir() + " ...");
            new ModelStore(detect.modelsDir()).install(ModelCatalog.CENTERNET, Optional.empty());
        } catch (RuntimeException e) {
            System.err.println("argus: " + e.getMessage());
        }
    }

    @Command(name = "stop", description = "Stops the Argus running on this data directory, gracefully.")
    public static final class Stop implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config = new ConfigOption();

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path dataDir = ArgusConfig.from(config.load()).dataDir();
            Path pidFile = pidFile(dataDir);
            if (!Files.exists(pidFile)) {
                System.out.println("No Argus is running on " + dataDir);
                return 0;
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                Files.deleteIfExists(pidFile);
                System.out.println("No Argus is running on " + dataDir + " (removed a stale pid file)");
                return 0;
            }
            System.out.println("Stopping Argus (pid " + pid + ") ...");
            process.get().destroy();
            process.get().onExit().join();
            System.out.println("Stopped.");
            return 0;
        }
    }

    static Path pidFile(Path dataDir) {
        return dataDir.resolve("run").resolve("argus.pid");
    }

    private static void writePid(Path pidFile) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + pidFile, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next stop removes a stale pid file
        }
    }
}
