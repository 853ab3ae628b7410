package io.argus.batch;

/** The batch flow in JMX ({@code io.argus:type=Batch}): run it now, see the last run. */
public interface BatchControlMBean {
    /** Runs the batch flow now and returns the run as JSON; refused while a run is going. */
    String runNow();

    /** The latest run as JSON, or an empty string before the first. */
    String getLastRun();

    boolean isRunning();
}
