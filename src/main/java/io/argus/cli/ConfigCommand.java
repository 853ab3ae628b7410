package io.argus.cli;

import io.argus.config.ArgusConfig;
import io.argus.config.ConfigSource;
import io.argus.config.InvalidConfigException;
import io.argus.config.Secret;
import io.argus.config.Setting;
import io.argus.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code argus config}: every setting's effective value and where it came from, secrets masked, then its problems. */
@Command(name = "config", description = "Prints the effective configuration: each setting, its value and its source.")
public final class ConfigCommand implements Callable<Integer> {
    static final String MASK = Secret.MASK;

    @Option(names = "--config", paramLabel = "FILE",
            description = "External properties file (default: $" + ConfigSource.CONFIG_FILE_ENV + ").")
    Path configFile;

    @Option(names = "--changed", description = "Only the settings that differ from their default.")
    boolean changedOnly;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConfigSource.Layers layers = ConfigSource.layers(Optional.ofNullable(configFile));
        int width = Settings.all().stream().mapToInt(setting -> setting.name().length()).max().orElse(0);
        for (Setting<?> setting : Settings.all()) {
            String source = layers.sources().get(setting.name());
            if (changedOnly && source.equals("default")) {
                continue;
            }
            String value = layers.values().getProperty(setting.name());
            String shown = setting.secret() && !value.isEmpty() ? MASK : value;
            out.printf("%-" + width + "s = %s  (%s)%n", setting.name(), shown, source);
        }
        out.flush();
        try {
            ArgusConfig.from(layers.values()).detect().verifyModel();
            return 0;
        } catch (InvalidConfigException e) {
            spec.commandLine().getErr().println("argus: " + e.getMessage());
            return 2;
        }
    }
}
