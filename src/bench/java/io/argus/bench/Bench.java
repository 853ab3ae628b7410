package io.argus.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Benchmarks: each prints Argus's figures next to a plain loop's, measured in the same run. Their own
 * jar (argus-bench.jar), outside the runtime's: {@code ./argus bench NAME}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Runs a benchmark and prints its figures.",
        subcommands = {IngestBenchmark.class, DetectBenchmark.class, BatchBenchmark.class, ApiBenchmark.class,
                FreshnessBenchmark.class, PipelineBenchmark.class, StreamingBenchmark.class,
                QualityBenchmark.class, OnnxEnginesBenchmark.class})
public final class Bench {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }
}
