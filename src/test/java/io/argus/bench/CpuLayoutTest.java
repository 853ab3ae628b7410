package io.argus.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class CpuLayoutTest {
    @Test
    void cpuListsAreReadAsTasksetWritesThem() {
        assertThat(CpuLayout.parse("0")).containsExactly(0);
        assertThat(CpuLayout.parse("4,0-2")).containsExactly(0, 1, 2, 4);
        assertThat(CpuLayout.format(List.of(0, 1, 4))).isEqualTo("0,1,4");
        for (String bad : List.of("", "a", "3-1", "1-2-3", "-1")) {
            assertThatThrownBy(() -> CpuLayout.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a CPU list");
        }
    }

    @Test
    void servicesCannotTakeEveryCpuNorOneThisProcessMayNotUse() {
        List<Integer> allowed = CpuLayout.of("none").detection();
        assertThat(allowed).isNotEmpty();
        assertThat(CpuLayout.of("none").services()).isEmpty();
        assertThatThrownBy(() -> CpuLayout.of(CpuLayout.format(allowed)))
                .hasMessageContaining("leaves no CPU for detection");
        assertThatThrownBy(() -> CpuLayout.of("4096")).hasMessageContaining("may only use CPUs");
    }

    @Test
    void autoGivesTheServicesAQuarterOfTwoOrMoreCpus() {
        List<Integer> allowed = CpuLayout.of("none").detection();
        CpuLayout auto = CpuLayout.of("auto");
        if (allowed.size() < 2) {
            assertThat(auto.services()).isEmpty();
        } else {
            assertThat(auto.services()).contains(allowed.subList(0, Math.max(1, allowed.size() / 4)));
            assertThat(auto.detection()).isEqualTo(allowed.subList(Math.max(1, allowed.size() / 4), allowed.size()));
        }
    }

    @Test
    void aThreadPinnedWithTheServicesTakesItsCpusAndPassesThemOnToTheThreadsItStarts() throws Exception {
        List<Integer> allowed = CpuLayout.of("none").detection();
        List<Integer> services = List.of(allowed.get(0));
        CpuLayout layout = new CpuLayout(allowed.size() > 1 ? allowed.subList(1, allowed.size()) : allowed,
                Optional.of(services));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            List<List<Integer>> seen = thread.submit(() -> {
                layout.pinCallerWithServices();
                CompletableFuture<List<Integer>> child = new CompletableFuture<>();
                Thread started = new Thread(() -> child.complete(currentThreadCpus()));
                started.start();
                return List.of(currentThreadCpus(), child.get());
            }).get();
            assertThat(seen).containsOnly(services);
        } finally {
            thread.shutdown();
        }
        assertThat(currentThreadCpus()).as("the caller of the test is not moved").isEqualTo(allowed);
    }

    private static List<Integer> currentThreadCpus() {
        return CpuLayout.allowedCpus(Path.of("/proc/thread-self/status"));
    }
}
