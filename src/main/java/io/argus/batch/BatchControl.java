package io.argus.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Function;

/** The JMX face of the batch flow; a run asked for here goes through the {@code aggregate} route. */
public final class BatchControl implements BatchControlMBean {
    private final BatchRunner runner;
    private final Function<String, BatchRun> trigger;
    private final ObjectMapper json;

    public BatchControl(BatchRunner runner, Function<String, BatchRun> trigger, ObjectMapper json) {
        this.runner = runner;
        this.trigger = trigger;
        this.json = json;
    }

    @Override
    public String runNow() {
        return toJson(trigger.apply("jmx"));
    }

    @Override
    public String getLastRun() {
        return runner.history().lastRun().map(this::toJson).orElse("");
    }

    @Override
    public boolean isRunning() {
        return runner.isRunning();
    }

    private String toJson(BatchRun run) {
        try {
            return json.writeValueAsString(run);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
