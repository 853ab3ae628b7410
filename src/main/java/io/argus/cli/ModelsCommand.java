package io.argus.cli;

import io.argus.config.ArgusConfig;
import io.argus.models.KnownModel;
import io.argus.models.ModelCatalog;
import io.argus.models.ModelStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code argus models}: the known models and where they are installed; {@code argus models pull NAME}. */
@Command(name = "models", description = "Lists the known detection models and which are installed.",
        subcommands = ModelsCommand.Pull.class)
public final class ModelsCommand implements Callable<Integer> {
    @ParentCommand
    Argus argus;

    private ModelStore store() {
        return new ModelStore(ArgusConfig.from(argus.config.load()).detect().modelsDir());
    }

    @Override
    public Integer call() {
        ModelStore store = store();
        System.out.println("Models directory: " + store.root() + " (argus.models.dir)");
        for (KnownModel model : ModelCatalog.ALL) {
            ModelStore.Status status = store.status(model);
            String state = status instanceof ModelStore.Status.Installed installed ? "installed in " + installed.dir()
                    : status instanceof ModelStore.Status.Damaged damaged ? "DAMAGED: " + damaged.reason()
                    + " (pull it again)" : "not installed";
            System.out.printf("%n%s%s  [detector %s]%n  %s%n  licence: %s%n  %s%n", model.name(),
                    model.name().equals(ModelCatalog.DEFAULT_MODEL) ? " (default)" : "", model.detector(),
                    model.description(), model.license(), state);
            model.sources().forEach(source -> System.out.printf("  source: %s (%,d bytes, SHA-256 %s)%n",
                    source.url(), source.size(), source.sha256()));
        }
        return 0;
    }

    @Command(name = "pull", description = "Downloads a known model from its official source, checks its SHA-256"
            + " and installs it into the models directory.")
    static final class Pull implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;

        @Parameters(paramLabel = "NAME", description = "The model, as `argus models` lists it.")
        String name;

        @Option(names = "--from", paramLabel = "FOLDER",
                description = "Take the downloads from this folder instead of the network (fetched by hand).")
        Path from;

        @Override
        public Integer call() {
            KnownModel model = ModelCatalog.find(name).orElseThrow(() -> new IllegalStateException(
                    "no model called '" + name + "'; `argus models` lists them"));
            ModelStore store = parent.store();
            if (store.status(model) instanceof ModelStore.Status.Installed installed) {
                System.out.println(model.name() + " is installed in " + installed.dir());
                return 0;
            }
            System.out.println("Installing " + model.name() + " from "
                    + (from == null ? model.sources().get(0).url().getHost() : from) + " ...");
            Path dir = store.install(model, Optional.ofNullable(from));
            System.out.println(model.name() + " is installed in " + dir + ", its SHA-256 checked.");
            return 0;
        }
    }
}
