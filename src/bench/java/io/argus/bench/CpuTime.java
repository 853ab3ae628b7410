package io.argus.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM, split by its Java threads (the detect route's, the
 * benchmark's probe with the calling thread, the others), and by each local service (its child
 * processes, by name). What the Java threads do not account for went to the JVM's own threads,
 * of which the JIT compilers' and the garbage collector's are told apart by name.
 */
record CpuTime(double ownMillis, Map<String, Double> threadsMillis, Map<String, Double> jvmThreadsMillis,
               Map<String, Double> servicesMillis) {
    /** The name of the benchmark's own client threads, which stand for the world around Argus. */
    static final String PROBE_THREAD = "argus-bench-probe";
    static final String ROUTE = "route";
    static final String PROBE = "probe";
    static final String OTHER = "other";
    static final String JIT = "jit";
    static final String GC = "gc";
    /** The unit of the CPU times in /proc (USER_HZ), 100 on every Linux. */
    private static final double MILLIS_PER_TICK = 10;

    /** @param imageTopic the topic whose consumer threads are the detect route's */
    static CpuTime now(String imageTopic) {
        double own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Double> byThreads = new TreeMap<>(Map.of(ROUTE, 0.0, PROBE, 0.0, OTHER, 0.0));
        long caller = Thread.currentThread().getId();
        for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
            long cpu = thread == null ? -1 : threads.getThreadCpuTime(thread.getThreadId());
            if (cpu >= 0) {
                String name = thread.getThreadName();
                String part = thread.getThreadId() == caller || name.contains(PROBE_THREAD) ? PROBE
                        : name.contains("KafkaConsumer[" + imageTopic + "]") ? ROUTE : OTHER;
                byThreads.merge(part, cpu / 1e6, Double::sum);
            }
        }
        Map<String, Double> services = new TreeMap<>();
        ProcessHandle.current().descendants().forEach(p -> p.info().totalCpuDuration().ifPresent(cpu ->
                services.merge(serviceName(p), cpu.toNanos() / 1e6, Double::sum)));
        return new CpuTime(own, byThreads, jvmThreads(), services);
    }

    /**
     * The CPU of HotSpot's compiler threads and of its GC threads with the VM thread, which runs
     * the pauses' safepoints, from /proc/self/task; zero where there is no /proc. A compiler
     * thread that HotSpot stops takes its time with it, to "the JVM's other threads".
     */
    private static Map<String, Double> jvmThreads() {
        Map<String, Double> millis = new TreeMap<>(Map.of(JIT, 0.0, GC, 0.0));
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    // After the name: state, then 10 more fields, then utime and stime.
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MILLIS_PER_TICK;
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        millis.merge(JIT, cpu, Double::sum);
                    } else if (name.startsWith("G1 ") || name.startsWith("GC Thread") || name.equals("VM Thread")) {
                        millis.merge(GC, cpu, Double::sum);
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread has ended
                }
            });
        } catch (IOException e) {
            // no /proc: everything stays with the JVM's other threads
        }
        return millis;
    }

    private static String serviceName(ProcessHandle process) {
        String line = process.info().commandLine().orElse("");
        return line.contains("s3proxy") ? "s3" : line.contains("kafka.Kafka") ? "kafka"
                : line.contains("elasticsearch") ? "elasticsearch" : "other processes";
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(ownMillis - earlier.ownMillis, minus(threadsMillis, earlier.threadsMillis),
                minus(jvmThreadsMillis, earlier.jvmThreadsMillis), minus(servicesMillis, earlier.servicesMillis));
    }

    CpuTime plus(CpuTime other) {
        return new CpuTime(ownMillis + other.ownMillis, plus(threadsMillis, other.threadsMillis, 1),
                plus(jvmThreadsMillis, other.jvmThreadsMillis, 1), plus(servicesMillis, other.servicesMillis, 1));
    }

    private static Map<String, Double> minus(Map<String, Double> now, Map<String, Double> earlier) {
        return plus(now, earlier, -1);
    }

    private static Map<String, Double> plus(Map<String, Double> some, Map<String, Double> other, int sign) {
        Map<String, Double> sum = new TreeMap<>(some);
        other.forEach((name, millis) -> sum.merge(name, sign * millis, Double::sum));
        return sum;
    }

    double jvmInternalsMillis() {
        return ownMillis - threadsMillis.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double allServicesMillis() {
        return servicesMillis.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
