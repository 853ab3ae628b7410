package io.argus.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * A multi-object tracker for one source, after ByteTrack (Zhang et al., 2022): each frame's
 * detections are matched to the tracks' predicted boxes ({@link KalmanBoxFilter}) by linear
 * assignment on 1 − IoU ({@link Assignment}), in three rounds: the sure detections to the confirmed
 * tracks (seen or lost), then the unsure ones to the confirmed tracks still unmatched, then the sure
 * ones left to the new tracks. A detection matches only a track of its own label. A sure detection
 * that nothing took starts a new track, confirmed (given an id) once it was seen in
 * {@link TrackerSettings#confirmHits()} frames in a row; a track not seen for
 * {@link TrackerSettings#lostFrames()} frames ends. Not thread-safe: one per source, fed in frame order.
 */
public final class ByteTracker {
    /** The second round's and the new tracks' largest costs, as ByteTrack sets them. */
    private static final double LOW_SCORE_MAX_COST = 0.5;
    private static final double UNCONFIRMED_MAX_COST = 0.7;

    private final TrackerSettings settings;
    private final List<Track> confirmed = new ArrayList<>();
    private final List<Track> unconfirmed = new ArrayList<>();
    private long frame;
    private long lastId;

    public ByteTracker(TrackerSettings settings) {
        this.settings = settings;
    }

    /** A detection as the tracker takes it. */
    public record Observation(String label, double score, Rect box) {
    }

    /**
     * What a frame did.
     *
     * @param trackIds per observation, in their order, the id of the confirmed track it belongs to;
     *                 empty for one that is in no confirmed track (yet)
     * @param started  the tracks confirmed in this frame
     * @param ended    the tracks that ended in this frame (lost for longer than the buffer)
     */
    public record Frame(List<OptionalLong> trackIds, List<Track> started, List<Track> ended) {
    }

    /** Tracks the next frame's detections. */
    public Frame update(List<Observation> observations) {
        frame++;
        confirmed.forEach(Track::predict);
        unconfirmed.forEach(Track::predict);
        OptionalLong[] ids = new OptionalLong[observations.size()];
        Arrays.fill(ids, OptionalLong.empty());
        List<Integer> high = new ArrayList<>();
        List<Integer> low = new ArrayList<>();
        for (int i = 0; i < observations.size(); i++) {
            double score = observations.get(i).score();
            if (score >= settings.highScore()) {
                high.add(i);
            } else if (score >= settings.lowScore()) {
                low.add(i);
            }
        }

        List<Track> first = new ArrayList<>(confirmed);
        List<Track> unmatched = match(first, high, observations, settings.maxCost(), ids);
        List<Track> stillSeen = unmatched.stream().filter(track -> !track.lost()).toList();
        for (Track track : match(stillSeen, low, observations, LOW_SCORE_MAX_COST, ids)) {
            track.markLost();
        }

        List<Track> started = new ArrayList<>();
        List<Track> candidates = new ArrayList<>(unconfirmed);
        List<Track> notSeenAgain = match(candidates, high, observations, UNCONFIRMED_MAX_COST, ids);
        unconfirmed.removeAll(notSeenAgain);
        for (Iterator<Track> it = unconfirmed.iterator(); it.hasNext(); ) {
            Track track = it.next();
            if (track.hits() >= settings.confirmHits()) {
                it.remove();
                confirm(track, started);
            }
        }
        // The sure detections left (the rounds removed what they matched) start tracks.
        for (int index : high) {
            Observation observation = observations.get(index);
            if (observation.score() >= settings.newTrackScore()) {
                Track track = new Track(observation.label(), observation.box(), observation.score(), frame, index);
                if (settings.confirmHits() <= 1) {
                    confirm(track, started);
                } else {
                    unconfirmed.add(track);
                }
            }
        }
        for (Track track : started) {
            ids[track.lastObservation()] = OptionalLong.of(track.id());
        }

        List<Track> ended = new ArrayList<>();
        for (Iterator<Track> it = confirmed.iterator(); it.hasNext(); ) {
            Track track = it.next();
            if (track.lost() && frame - track.lastFrame() > settings.lostFrames()) {
                it.remove();
                ended.add(track);
            }
        }
        return new Frame(List.of(ids), List.copyOf(started), List.copyOf(ended));
    }

    /** The source ended (the end of a video): every confirmed track ends now. */
    public List<Track> finish() {
        List<Track> ended = List.copyOf(confirmed);
        confirmed.clear();
        unconfirmed.clear();
        return ended;
    }

    private void confirm(Track track, List<Track> started) {
        track.confirm(++lastId, frame);
        confirmed.add(track);
        started.add(track);
    }

    /**
     * Matches the tracks to the detections {@code candidates} (indices into {@code observations}) at
     * costs up to {@code maxCost}; the matched detections leave {@code candidates}, and those of
     * confirmed tracks get the track's id. Returns the tracks left unmatched.
     */
    private List<Track> match(List<Track> tracks, List<Integer> candidates, List<Observation> observations,
                              double maxCost, OptionalLong[] ids) {
        double[][] cost = new double[tracks.size()][candidates.size()];
        for (int t = 0; t < tracks.size(); t++) {
            Rect predicted = tracks.get(t).box();
            for (int d = 0; d < candidates.size(); d++) {
                Observation observation = observations.get(candidates.get(d));
                cost[t][d] = observation.label().equals(tracks.get(t).label())
                        ? 1 - predicted.iou(observation.box()) : Double.POSITIVE_INFINITY;
            }
        }
        int[] matched = Assignment.solve(cost, maxCost);
        List<Track> unmatched = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            if (matched[t] < 0) {
                unmatched.add(track);
                continue;
            }
            int index = candidates.get(matched[t]);
            Observation observation = observations.get(index);
            track.hit(observation.box(), observation.score(), frame, index);
            taken.add(index);
            if (track.confirmed()) {
                ids[index] = OptionalLong.of(track.id());
            }
        }
        candidates.removeAll(taken);
        return unmatched;
    }
}
