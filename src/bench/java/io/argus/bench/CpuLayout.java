package io.argus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which CPUs a benchmark's detection gets and which its local services get. In production Kafka, S3
 * and Elasticsearch run on machines of their own; on one machine, pinning them to other CPUs
 * (Linux's {@code taskset}) keeps their work off the cores Argus and the plain loop are compared on.
 */
record CpuLayout(List<Integer> detection, Optional<List<Integer>> services) {

    /**
     * @param serviceCpus a CPU list such as {@code 0} or {@code 0-1,4}; {@code none} to share all CPUs; {@code auto}
     *                    for the first quarter of them (at least one), or none on a machine with one CPU
     */
    static CpuLayout of(String serviceCpus) {
        List<Integer> allowed = allowedCpus(Path.of("/proc/self/status"));
        if (serviceCpus.equals("none") || serviceCpus.equals("auto") && allowed.size() < 2) {
            return new CpuLayout(allowed, Optional.empty());
        }
        List<Integer> services = serviceCpus.equals("auto") ? allowed.subList(0, Math.max(1, allowed.size() / 4))
                : parse(serviceCpus);
        if (!allowed.containsAll(services)) {
            throw new IllegalArgumentException("--service-cpus " + serviceCpus + ": this process may only use CPUs "
                    + format(allowed));
        }
        List<Integer> detection = new ArrayList<>(allowed);
        detection.removeAll(services);
        if (detection.isEmpty()) {
            throw new IllegalArgumentException("--service-cpus " + serviceCpus + " leaves no CPU for detection (this"
                    + " process may use " + format(allowed) + "); use --service-cpus none to share them");
        }
        return new CpuLayout(detection, Optional.of(services));
    }

    /** Pins this JVM (the plain loop and Argus); services started afterwards inherit it until {@link #pinServices}. */
    void pinSelf() throws IOException, InterruptedException {
        if (services.isPresent()) {
            pin(ProcessHandle.current().pid(), detection);
        }
    }

    /** Moves every process this JVM started (the local services), with all their threads, to the services' CPUs. */
    void pinServices() throws IOException, InterruptedException {
        if (services.isPresent()) {
            for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
                if (child.isAlive()) {
                    pin(child.pid(), services.get());
                }
            }
        }
    }

    /**
     * Moves this JVM's JIT compiler threads to the services' CPUs. They compile while the code warms
     * up and go idle once it is compiled; on the detection CPUs they would keep taking a share of a
     * measurement for many minutes of warm-up, which a long-running runtime no longer pays. The
     * compiler threads HotSpot adds later are started by these, and inherit their CPUs.
     */
    void pinJitCompilers() throws IOException, InterruptedException {
        if (services.isPresent()) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        pin(Long.parseLong(task.getFileName().toString()), services.get(), false);
                    }
                }
            }
        }
    }

    /**
     * Moves the calling thread to the services' CPUs; the threads it starts afterwards inherit them.
     * For the benchmark's own clients, which stand for the world around Argus.
     */
    void pinCallerWithServices() throws IOException, InterruptedException {
        if (services.isPresent()) {
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            pin(Long.parseLong(self), services.get(), false);
        }
    }

    String describe() {
        return services.map(s -> "detection on CPU " + format(detection) + ", local services, the JIT compilers and"
                        + " the benchmark's Kafka clients on CPU " + format(s))
                .orElse("detection and local services sharing CPU " + format(detection));
    }

    private static void pin(long pid, List<Integer> cpus) throws IOException, InterruptedException {
        pin(pid, cpus, true);
    }

    /** @param allTasks every thread of the process, or only the thread {@code pid} names */
    private static void pin(long pid, List<Integer> cpus, boolean allTasks) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "--pid", "--cpu-list", format(cpus),
                Long.toString(pid)));
        if (allTasks) {
            command.add(1, "--all-tasks");
        }
        Process taskset = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(taskset.getInputStream().readAllBytes()).trim();
        if (taskset.waitFor() != 0) {
            throw new IllegalStateException("taskset could not pin process " + pid + " to CPU " + format(cpus) + ": "
                    + output);
        }
    }

    /** @param status a {@code /proc} status file: the process's ({@code /proc/self/status}) or a thread's */
    static List<Integer> allowedCpus(Path status) {
        try {
            return Files.readAllLines(status).stream()
                    .filter(line -> line.startsWith("Cpus_allowed_list:"))
                    .map(line -> parse(line.substring(line.indexOf(':') + 1).trim()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no Cpus_allowed_list in " + status));
        } catch (IOException e) {
            throw new IllegalStateException("the CPU layout needs Linux's " + status + ": " + e.getMessage(), e);
        }
    }

    static List<Integer> parse(String list) {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : list.split(",")) {
            String[] range = part.trim().split("-");
            try {
                int first = Integer.parseInt(range[0]);
                int last = range.length == 2 ? Integer.parseInt(range[1]) : first;
                if (range.length > 2 || first < 0 || last < first) {
                    throw new NumberFormatException();
                }
                for (int cpu = first; cpu <= last; cpu++) {
                    cpus.add(cpu);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CPU list (such as 0 or 0-1,4): '" + list + "'");
            }
        }
        return List.copyOf(cpus);
    }

    static String format(List<Integer> cpus) {
        return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
