package io.argus.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tracker on scenes whose paths are known: every object keeps one id through crossings, short
 * occlusions and unsure frames, a long absence ends its track, a one-frame flicker never becomes
 * one, and labels never mix.
 */
class ByteTrackerTest {
    private static final TrackerSettings SETTINGS = TrackerSettings.DEFAULTS;

    private static ByteTracker.Observation person(double x, double y, double score) {
        return new ByteTracker.Observation("person", score, new Rect(x, y, 40, 100));
    }

    /** The id of each observation of each frame; 0 where it had none. */
    private static List<long[]> run(ByteTracker tracker, List<List<ByteTracker.Observation>> frames) {
        List<long[]> ids = new ArrayList<>();
        for (List<ByteTracker.Observation> frame : frames) {
            ids.add(tracker.update(frame).trackIds().stream().mapToLong(id -> id.orElse(0)).toArray());
        }
        return ids;
    }

    @Test
    void twoPeopleWhoCrossKeepTheirIds() {
        List<List<ByteTracker.Observation>> frames = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            // One walks right, the other left, 30 px apart in height, so their boxes overlap as they cross.
            frames.add(List.of(person(20 + 8 * f, 100, 0.9), person(500 - 8 * f, 130, 0.85)));
        }
        List<long[]> ids = run(new ByteTracker(SETTINGS), frames);
        assertThat(ids.get(0)).as("not confirmed in their first frame").containsExactly(0, 0);
        long right = ids.get(1)[0];
        long left = ids.get(1)[1];
        assertThat(right).isPositive().isNotEqualTo(left);
        for (int f = 1; f < 60; f++) {
            assertThat(ids.get(f)).as("frame %d", f).containsExactly(right, left);
        }
    }

    @Test
    void anObjectHiddenForLessThanTheBufferComesBackWithItsIdAndOneHiddenLongerGetsANewOne() {
        ByteTracker tracker = new ByteTracker(SETTINGS);
        Set<Long> seen = new HashSet<>();
        List<Track> ended = new ArrayList<>();
        for (int f = 0; f < 150; f++) {
            boolean hidden = (f >= 20 && f < 40) || (f >= 60 && f < 100);
            ByteTracker.Frame frame = tracker.update(hidden ? List.of() : List.of(person(100 + 3 * f, 200, 0.9)));
            frame.trackIds().stream().filter(OptionalLong::isPresent).forEach(id -> seen.add(id.getAsLong()));
            ended.addAll(frame.ended());
        }
        assertThat(seen).as("20 frames hidden: the same id; 40 frames: a new one").containsExactly(1L, 2L);
        assertThat(ended).extracting(Track::id).containsExactly(1L);
        assertThat(tracker.finish()).extracting(Track::id).containsExactly(2L);
    }

    @Test
    void unsureDetectionsKeepATrackGoingButStartNone() {
        ByteTracker tracker = new ByteTracker(SETTINGS);
        List<List<ByteTracker.Observation>> frames = new ArrayList<>();
        for (int f = 0; f < 30; f++) {
            // Half occluded from frame 10 on: the detector is unsure of it.
            frames.add(List.of(person(50 + 4 * f, 50, f < 10 ? 0.9 : 0.3)));
        }
        frames.add(List.of(person(600, 400, 0.3)));
        List<long[]> ids = run(tracker, frames);
        for (int f = 1; f < 30; f++) {
            assertThat(ids.get(f)).as("frame %d", f).containsExactly(1);
        }
        assertThat(ids.get(30)).as("an unsure detection elsewhere").containsExactly(0);
    }

    @Test
    void aDetectionSeenInOneFrameOnlyNeverBecomesATrack() {
        ByteTracker tracker = new ByteTracker(SETTINGS);
        List<Track> started = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            List<ByteTracker.Observation> frame = new ArrayList<>(List.of(person(10 + f, 10, 0.9)));
            if (f == 5) {
                frame.add(person(400, 300, 0.95));
            }
            started.addAll(tracker.update(frame).started());
        }
        assertThat(started).extracting(Track::id).containsExactly(1L);
    }

    @Test
    void aCarWhereAPersonWasStartsATrackOfItsOwn() {
        ByteTracker tracker = new ByteTracker(SETTINGS);
        Rect box = new Rect(100, 100, 80, 80);
        for (int f = 0; f < 5; f++) {
            tracker.update(List.of(new ByteTracker.Observation("person", 0.8, box)));
        }
        assertThat(tracker.update(List.of(new ByteTracker.Observation("car", 0.9, box))).trackIds())
                .as("not the person's track, and not confirmed yet").containsExactly(OptionalLong.empty());
        assertThat(tracker.update(List.of(new ByteTracker.Observation("car", 0.9, box))).trackIds())
                .containsExactly(OptionalLong.of(2));
    }

    @Test
    void withOneConfirmingHitATrackHasItsIdInItsFirstFrame() {
        ByteTracker tracker = new ByteTracker(new TrackerSettings(0.5, 0.1, 0.6, 0.8, 30, 1));
        assertThat(tracker.update(List.of(person(0, 0, 0.9))).trackIds()).containsExactly(OptionalLong.of(1));
    }
}
