package io.argus.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The models directory: one folder per installed model, holding exactly the files its catalog entry
 * names, each with the pinned SHA-256. A model is installed into a scratch folder beside it and
 * moved into place only once every checksum holds, so a failed, truncated or wrong download leaves
 * nothing behind.
 */
public final class ModelStore {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    /** What the models directory holds of one model. */
    public sealed interface Status {
        /** All files there with their checksums. */
        record Installed(Path dir) implements Status {
        }

        record Missing(Path dir) implements Status {
        }

        /** Some file is missing or differs from its checksum. */
        record Damaged(Path dir, String reason) implements Status {
        }
    }

    private final Path root;
    private final HttpClient http;

    public ModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public Path root() {
        return root;
    }

    public Path dir(KnownModel model) {
        return root.resolve(model.name());
    }

    /** What the models directory holds of the model, each file's SHA-256 checked. */
    public Status status(KnownModel model) {
        return status(model, true);
    }

    /** What the models directory holds of the model, judged by its files being there, none read. */
    public Status presence(KnownModel model) {
        return status(model, false);
    }

    /** What is wrong with the model in this status and what to do about it; empty when it is installed. */
    public Optional<String> problem(KnownModel model, Status status) {
        String remedy = ": run ./argus models pull " + model.name();
        if (status instanceof Status.Missing) {
            return Optional.of("the model " + model.name() + " is not installed in " + root + remedy);
        }
        if (status instanceof Status.Damaged damaged) {
            return Optional.of("the model " + model.name() + " in " + damaged.dir() + " is damaged ("
                    + damaged.reason() + ")" + remedy);
        }
        return Optional.empty();
    }

    private Status status(KnownModel model, boolean checksums) {
        Path dir = dir(model);
        if (!Files.isDirectory(dir)) {
            return new Status.Missing(dir);
        }
        return damage(model, dir, checksums).<Status>map(reason -> new Status.Damaged(dir, reason))
                .orElse(new Status.Installed(dir));
    }

    private static Optional<String> damage(KnownModel model, Path dir, boolean checksums) {
        for (KnownModel.ModelFile file : model.files()) {
            Path path = dir.resolve(file.name());
            if (!Files.isRegularFile(path)) {
                return Optional.of(file.name() + " is missing");
            }
            if (!checksums) {
                continue;
            }
            String actual = sha256(path);
            if (!actual.equals(file.sha256())) {
                return Optional.of(file.name() + " has SHA-256 " + actual + ", not " + file.sha256());
            }
        }
        return Files.isRegularFile(dir.resolve(KnownModel.NAMES_FILE)) ? Optional.empty()
                : Optional.of(KnownModel.NAMES_FILE + " is missing");
    }

    /**
     * Installs the model from its official sources, or from a folder holding the downloads a user
     * fetched by hand. Does nothing when it is installed already.
     */
    public Path install(KnownModel model, Optional<Path> downloadedInto) {
        if (status(model) instanceof Status.Installed installed) {
            return installed.dir();
        }
        Path work;
        try {
            Files.createDirectories(root);
            // Readable by all, as models are: a service account other than the installer's runs them.
            work = Files.createTempDirectory(root, "." + model.name() + "-partial-");
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the models directory " + root, e);
        }
        try {
            for (KnownModel.Source source : model.sources()) {
                Path download = work.resolve(".download-" + source.fileName());
                fetch(model, source, downloadedInto, download);
                verify(model, source, download);
                if (source.entries().isEmpty()) {
                    Files.move(download, work.resolve(source.installAs()));
                } else {
                    extract(source, download, work);
                    Files.delete(download);
                }
            }
            Files.write(work.resolve(KnownModel.NAMES_FILE), model.classNames());
            Optional<String> damage = damage(model, work, true);
            if (damage.isPresent()) {
                throw new ModelInstallException("the files of " + model.name() + " are not the ones Argus knows: "
                        + damage.get() + ". Nothing was installed.");
            }
            Path target = dir(model);
            deleteRecursively(target);
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + model.name() + " into " + root, e);
        } finally {
            deleteRecursively(work);
        }
    }

    private void fetch(KnownModel model, KnownModel.Source source, Optional<Path> downloadedInto, Path download)
            throws IOException {
        if (downloadedInto.isPresent()) {
            Path file = downloadedInto.get().resolve(source.fileName());
            if (!Files.isRegularFile(file)) {
                throw new ModelInstallException(file + " is missing: download " + source.url() + " into "
                        + downloadedInto.get() + " first. Nothing was installed.");
            }
            Files.copy(file, download);
            return;
        }
        try (InputStream body = open(source.url());
             OutputStream out = Files.newOutputStream(download)) {
            // One byte more than expected is enough to tell a wrong file; never more than that is written.
            long copied = body.transferTo(new LimitedOutputStream(out, source.size() + 1));
            if (copied < 0) {
                throw new IOException("no body");
            }
        } catch (IOException e) {
            throw new ModelInstallException("could not download " + source.url() + " (" + describe(e)
                    + "). Nothing was installed. Without network access, download "
                    + model.sources().stream().map(each -> each.url().toString())
                    .collect(java.util.stream.Collectors.joining(" and "))
                    + " by hand into a folder and run: argus models pull " + model.name() + " --from <folder>"
                    + " (it checks their SHA-256).", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelInstallException("interrupted while downloading " + source.url(), e);
        }
    }

    private InputStream open(URI url) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static void verify(KnownModel model, KnownModel.Source source, Path download) throws IOException {
        long size = Files.size(download);
        if (size != source.size()) {
            throw new ModelInstallException("the download of " + source.url() + " has " + size + " bytes, not "
                    + source.size() + (size < source.size() ? " (truncated)" : "") + ". Nothing was installed;"
                    + " run argus models pull " + model.name() + " again.");
        }
        String actual = sha256(download);
        if (!actual.equals(source.sha256())) {
            throw new ModelInstallException("the download of " + source.url() + " has SHA-256 " + actual
                    + ", not the pinned " + source.sha256() + ": it is damaged or not the file Argus knows."
                    + " Nothing was installed.");
        }
    }

    private static void extract(KnownModel.Source source, Path archive, Path into) throws IOException {
        Map<String, String> wanted = new HashMap<>(source.entries());
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                Files.newInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = wanted.remove(entry.getName());
                if (name != null && entry.isFile()) {
                    Files.copy(tar, into.resolve(name));
                }
            }
        }
        if (!wanted.isEmpty()) {
            throw new ModelInstallException(source.url() + " lacks " + wanted.keySet() + ". Nothing was installed.");
        }
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path, e);
        }
    }

    /** Passes bytes on until the limit, then fails: a download can never fill the disk. */
    private static final class LimitedOutputStream extends OutputStream {
        private final OutputStream out;
        private long left;

        LimitedOutputStream(OutputStream out, long limit) {
            this.out = out;
            this.left = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            int allowed = (int) Math.min(length, left);
            out.write(bytes, offset, allowed);
            left -= allowed;
        }
    }
}
