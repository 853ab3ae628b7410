package io.argus.track;

/**
 * ByteTrack's parameters.
 *
 * @param highScore      detections at least this sure are matched first, and may start a track
 * @param lowScore       detections from this up to {@code highScore} only keep a track going (the
 *                       second association: an occluded object's score drops before it vanishes)
 * @param newTrackScore  a detection no track took starts one at this score or more
 * @param maxCost        the largest cost (1 − IoU of the predicted and the detected box) of a match
 *                       in the first association; the second allows 0.5, the unconfirmed tracks' 0.7
 * @param lostFrames     frames a track that is not seen is kept for, so that it takes up its object
 *                       again after an occlusion; then it ends
 * @param confirmHits    frames in a row a new track must be seen in before it is confirmed, gets its id
 *                       and counts (1 confirms at once)
 */
public record TrackerSettings(double highScore, double lowScore, double newTrackScore, double maxCost, int lostFrames,
                              int confirmHits) {
    /** ByteTrack's published defaults, with a buffer of 30 frames (6 s at 5 detections a second). */
    public static final TrackerSettings DEFAULTS = new TrackerSettings(0.5, 0.1, 0.6, 0.8, 30, 2);

    public TrackerSettings {
        if (!(lowScore >= 0 && lowScore <= highScore && highScore <= 1)) {
            throw new IllegalArgumentException("the scores must be 0 ≤ low ≤ high ≤ 1, not low " + lowScore
                    + " and high " + highScore);
        }
        if (!(maxCost > 0 && maxCost <= 1)) {
            throw new IllegalArgumentException("the largest match cost is above 0 and at most 1, not " + maxCost);
        }
        if (lostFrames < 0 || confirmHits < 1) {
            throw new IllegalArgumentException("lost frames must be 0 or more and confirm hits 1 or more");
        }
    }
}
