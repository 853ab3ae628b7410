package io.argus.track;

/**
 * One object followed across frames: its label, its box as the filter estimates it, its best score,
 * and in which frames it began, was confirmed and was last seen. Its id is given when it is
 * confirmed, from 1 up per tracker.
 */
public final class Track {
    private final String label;
    private final KalmanBoxFilter filter;
    private final long firstFrame;
    private long id;
    private long confirmedFrame;
    private long lastFrame;
    private int lastObservation;
    private int hits = 1;
    private double bestScore;
    private boolean lost;

    Track(String label, Rect box, double score, long frame, int observation) {
        this.label = label;
        this.filter = new KalmanBoxFilter(box);
        this.firstFrame = frame;
        this.lastFrame = frame;
        this.lastObservation = observation;
        this.bestScore = score;
    }

    void predict() {
        filter.predict();
    }

    void hit(Rect box, double score, long frame, int observation) {
        filter.update(box);
        hits = lastFrame == frame - 1 ? hits + 1 : 1;
        lastFrame = frame;
        lastObservation = observation;
        bestScore = Math.max(bestScore, score);
        lost = false;
    }

    void markLost() {
        lost = true;
    }

    void confirm(long id, long frame) {
        this.id = id;
        this.confirmedFrame = frame;
    }

    public long id() {
        return id;
    }

    public String label() {
        return label;
    }

    public Rect box() {
        return filter.box();
    }

    public double bestScore() {
        return bestScore;
    }

    public long firstFrame() {
        return firstFrame;
    }

    /** The frame it was confirmed in, where a unique count puts it. */
    public long confirmedFrame() {
        return confirmedFrame;
    }

    public long lastFrame() {
        return lastFrame;
    }

    boolean confirmed() {
        return id > 0;
    }

    boolean lost() {
        return lost;
    }

    int hits() {
        return hits;
    }

    int lastObservation() {
        return lastObservation;
    }
}
