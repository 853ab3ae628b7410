package io.argus.detect;

import io.argus.events.DetectionMetadata;

/** One object found in an image: the contract's {label, class_id, confidence, box}. */
public record Detection(String label, int classId, double confidence, Box box) {
    /** As the metadata and the detection event carry it. */
    DetectionMetadata.Item item() {
        return new DetectionMetadata.Item(label, classId, confidence, box.toArray());
    }
}
