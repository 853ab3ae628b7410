package io.argus.bench;

import picocli.CommandLine.Command;

/** Benchmarks: each prints Argus's figures next to a plain loop's, measured in the same run. */
@Command(name = "bench", description = "Runs a benchmark and prints its figures.",
        subcommands = {IngestBenchmark.class, DetectBenchmark.class, BatchBenchmark.class, ApiBenchmark.class,
                QualityBenchmark.class, OnnxEnginesBenchmark.class})
public final class Bench {
}
